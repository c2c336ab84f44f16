import { Position, type NodeHandle } from "@xyflow/react";
import { GATEWAY_HANDLE, listenerHandle } from "./bind-edges.ts";
import { SIZE } from "./layout.ts";
import type { MeshNode } from "./types.ts";

/**
 * Where a node's handles sit (relative to the node, 7 px handles as app/globals.css draws them) before the browser
 * has measured it. React Flow draws every node it has no handle bounds for once, wherever it is, just to measure
 * it: on a 2,000-node mesh that was the whole first frame's cost. With these it draws only what is in view;
 * a node measures itself (and its edges snap to the measured handles) when it first comes into view.
 */
const SIZE_PX = 7;

const at = (type: "source" | "target", position: Position, cx: number, cy: number, id?: string): NodeHandle => ({
  id: id ?? null,
  type,
  position,
  x: cx - SIZE_PX / 2,
  y: cy - SIZE_PX / 2,
  width: SIZE_PX,
  height: SIZE_PX,
});

/** The handles nodes.tsx and gateway-node.tsx render, at the positions their CSS gives them (1 px borders). */
export function approximateHandles(node: MeshNode): NodeHandle[] {
  const w = node.width ?? 0;
  const h = node.height ?? 0;
  switch (node.type) {
    case "route":
      return [
        at("target", Position.Left, 0, h / 2),
        ...node.data.rules.map((_, i) =>
          at(
            "source",
            Position.Right,
            w - 1,
            1 + SIZE.route.header + i * SIZE.route.row + SIZE.route.row / 2,
            `rule-${i}`,
          ),
        ),
      ];
    case "gateway":
      return [
        at("source", Position.Right, w - 1, 1 + SIZE.gateway.header / 2, GATEWAY_HANDLE),
        ...node.data.gateway.listeners.map((_, i) =>
          at(
            "source",
            Position.Right,
            w - 1,
            1 + SIZE.gateway.header + i * SIZE.gateway.row + SIZE.gateway.row / 2,
            listenerHandle(i),
          ),
        ),
      ];
    case "service":
      return [at("source", Position.Bottom, w / 2, h, "mesh-out")];
    case "version":
      return [at("target", Position.Left, 0, h / 2)];
    case "groupCollapsed":
      return [at("target", Position.Left, 0, h / 2), at("source", Position.Right, w, h / 2)];
    default:
      return [];
  }
}
