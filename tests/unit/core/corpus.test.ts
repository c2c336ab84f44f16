import { describe, expect, it } from "vitest";
import { validateMesh } from "@/lib/core/validate/index.ts";
import { compileMesh } from "@/lib/core/compile/index.ts";
import { checkSnapshotConsistency } from "@/lib/core/snapshot/consistency.ts";
import { SnapshotConfigSchema } from "@/lib/core/snapshot/schema.ts";
import { MESH_CORPUS } from "../../fixtures/meshes/index.ts";

describe("mesh corpus", () => {
  for (const [name, make] of Object.entries(MESH_CORPUS)) {
    it(`${name} validates with zero errors and compiles to a valid snapshot config`, () => {
      const mesh = make();
      expect(validateMesh(mesh).filter((i) => i.severity === "error")).toEqual([]);
      const config = compileMesh(mesh);
      expect(SnapshotConfigSchema.safeParse(config).success).toBe(true);
      expect(checkSnapshotConsistency(config)).toEqual([]);
    });
  }
});
