import { describe, expect, it } from "vitest";
import { NodeIdentity } from "../../../components/graph/node-identity.ts";
import type { MeshNode } from "../../../components/graph/types.ts";

const version = (id: string, y = 0): MeshNode => ({
  id,
  type: "version",
  position: { x: 0, y },
  width: 190,
  height: 46,
  measured: { width: 190, height: 46 },
  data: { service: "reviews", version: { name: id, labels: {}, endpoints: [] }, inboundRules: 0 },
});

describe("NodeIdentity", () => {
  it("keeps unchanged nodes' objects, gives new ones assumed handles, and changed ones none", () => {
    const identity = new NodeIdentity();
    const [a1, b1] = identity.stabilize([version("a"), version("b")]);
    // New to the canvas: handle bounds assumed (a version node's one target handle, mid-left).
    expect(a1!.handles).toEqual([
      { id: null, type: "target", position: "left", x: -3.5, y: 19.5, width: 7, height: 7 },
    ]);

    const [a2, b2] = identity.stabilize([version("a"), version("b", 60)]);
    expect(a2).toBe(a1);
    expect(b2).not.toBe(b1);
    // Changed, not new: React Flow keeps the handle bounds it holds (measured once the node was drawn).
    expect(b2!.handles).toBeUndefined();
    expect(b2!.position).toEqual({ x: 0, y: 60 });

    // Gone and back: new to the canvas again.
    identity.stabilize([version("a")]);
    const [, b4] = identity.stabilize([version("a"), version("b", 60)]);
    expect(b4!.handles).toHaveLength(1);
  });
});
