import { approximateHandles } from "./handle-bounds.ts";
import type { MeshNode } from "./types.ts";

/**
 * Keeps a node object's identity while what it shows is unchanged (compared as JSON), so React Flow reuses its
 * internal node: a new object for every node on each selection or search re-adopted all 2,000 of them. A node new
 * to the canvas also gets approximate handle bounds (handle-bounds.ts); a changed one does not, so React Flow keeps
 * the bounds it measured when the node was drawn.
 */
export class NodeIdentity {
  private known = new Map<string, { json: string; node: MeshNode }>();

  stabilize(nodes: readonly MeshNode[]): MeshNode[] {
    const next = new Map<string, { json: string; node: MeshNode }>();
    const out = nodes.map((n) => {
      const json = JSON.stringify(n);
      const prev = this.known.get(n.id);
      const entry =
        prev?.json === json ? prev : { json, node: prev ? n : ({ ...n, handles: approximateHandles(n) } as MeshNode) };
      next.set(n.id, entry);
      return entry.node;
    });
    this.known = next;
    return out;
  }
}
