import { describe, expect, it } from "vitest";
import { serviceWorkload } from "@/lib/core/authz/index.ts";
import { compileMesh, effectiveMtls, inboundMtlsMode } from "@/lib/core/compile/index.ts";
import { bookinfoMesh } from "@/lib/core/demo/bookinfo.ts";
import { MeshConfigSchema, PeerAuthenticationSchema, type PeerAuthentication } from "@/lib/core/model/index.ts";
import { checkSnapshotConsistency } from "@/lib/core/snapshot/consistency.ts";

const pa = (p: Record<string, unknown>): PeerAuthentication => PeerAuthenticationSchema.parse(p);
const reviewsV2 = serviceWorkload("reviews", "v2", { app: "reviews", version: "v2" });
const ratings = serviceWorkload("ratings", "v1", { app: "ratings", version: "v1" });

/** Istio's PeerAuthentication precedence: workload over namespace over mesh, UNSET inherits, PERMISSIVE by default. */
describe("effective mTLS mode (PeerAuthentication)", () => {
  it("defaults to PERMISSIVE without any policy", () => {
    expect(effectiveMtls([], reviewsV2)).toEqual({ mode: "PERMISSIVE", ports: {} });
  });

  it("mesh-wide (root namespace) applies to every workload; namespace-wide overrides it", () => {
    const mesh = pa({ name: "default", namespace: "istio-system", mtls: { mode: "STRICT" } });
    expect(effectiveMtls([mesh], ratings).mode).toBe("STRICT");
    const ns = pa({ name: "ns", namespace: "default", mtls: { mode: "DISABLE" } });
    expect(effectiveMtls([mesh, ns], ratings).mode).toBe("DISABLE");
  });

  it("a workload policy wins where its selector matches; UNSET inherits from the levels above", () => {
    const mesh = pa({ name: "default", namespace: "istio-system", mtls: { mode: "STRICT" } });
    const v2 = pa({
      name: "v2",
      selector: { matchLabels: { app: "reviews", version: "v2" } },
      mtls: { mode: "PERMISSIVE" },
    });
    const unset = pa({ name: "r", selector: { matchLabels: { app: "ratings" } }, mtls: { mode: "UNSET" } });
    expect(effectiveMtls([mesh, v2, unset], reviewsV2).mode).toBe("PERMISSIVE");
    expect(effectiveMtls([mesh, v2, unset], ratings).mode).toBe("STRICT");
    expect(effectiveMtls([mesh, v2], serviceWorkload("reviews", "v1", { app: "reviews", version: "v1" })).mode).toBe(
      "STRICT",
    );
  });

  it("a selector in the root namespace selects no service workload", () => {
    const rootSelector = pa({
      name: "x",
      namespace: "istio-system",
      selector: { matchLabels: { app: "ratings" } },
      mtls: { mode: "DISABLE" },
    });
    expect(effectiveMtls([rootSelector], ratings).mode).toBe("PERMISSIVE");
  });

  it("portLevelMtls overrides per app port, an UNSET port taking the workload's mode", () => {
    const p = pa({
      name: "ratings",
      selector: { matchLabels: { app: "ratings" } },
      mtls: { mode: "STRICT" },
      portLevelMtls: { "9080": { mode: "DISABLE" }, "9090": { mode: "UNSET" } },
    });
    expect(effectiveMtls([p], ratings)).toEqual({ mode: "STRICT", ports: { "9080": "DISABLE" } });
  });

  it("compiles one entry per cluster only when the mesh has a PeerAuthentication, and the proxy reads it by app port", () => {
    expect(compileMesh(bookinfoMesh())).not.toHaveProperty("mtls");
    const m = MeshConfigSchema.parse({
      ...bookinfoMesh(),
      peerAuthentications: [
        {
          name: "ratings",
          selector: { matchLabels: { app: "ratings" } },
          mtls: { mode: "STRICT" },
          portLevelMtls: { "9080": { mode: "PERMISSIVE" } },
        },
        { name: "default", namespace: "istio-system", mtls: { mode: "DISABLE" } },
      ],
    });
    const config = compileMesh(m);
    expect(config.mtls!.find((c) => c.cluster === "ratings/v1")).toEqual({
      cluster: "ratings/v1",
      mode: "STRICT",
      ports: { "9080": "PERMISSIVE" },
    });
    expect(config.mtls!.find((c) => c.cluster === "reviews/v3")?.mode).toBe("DISABLE");
    expect(checkSnapshotConsistency(config)).toEqual([]);
    expect(inboundMtlsMode(config.mtls, "ratings/v1", 9080)).toBe("PERMISSIVE");
    expect(inboundMtlsMode(config.mtls, "ratings/v1", 9999)).toBe("STRICT");
    expect(inboundMtlsMode(undefined, "ratings/v1", 9080)).toBe("PERMISSIVE");
  });
});
