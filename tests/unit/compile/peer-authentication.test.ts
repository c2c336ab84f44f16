import { describe, expect, it } from "vitest";
import { serviceWorkload } from "@/lib/core/authz/index.ts";
import { compileMesh, effectiveMtls, inboundMtlsMode } from "@/lib/core/compile/index.ts";
import { bookinfoMesh } from "@/lib/core/demo/bookinfo.ts";
import { MeshConfigSchema, PeerAuthenticationSchema, type PeerAuthentication } from "@/lib/core/model/index.ts";
import { checkSnapshotConsistency } from "@/lib/core/snapshot/consistency.ts";

const pa = (p: Record<string, unknown>): PeerAuthentication => PeerAuthenticationSchema.parse(p);
const reviewsV2 = serviceWorkload({ name: "reviews" }, { name: "v2" });
const ratings = serviceWorkload({ name: "ratings" }, { name: "v1" });
/** ratings/v1 in namespace `shop`. */
const shopRatings = serviceWorkload({ name: "ratings", namespace: "shop" }, { name: "v1" });

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
    expect(effectiveMtls([mesh, v2], serviceWorkload({ name: "reviews" }, { name: "v1" })).mode).toBe("STRICT");
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

  it("namespace and workload levels apply only in the policy's own namespace; the root namespace reaches every one", () => {
    const mesh = pa({ name: "mesh", namespace: "istio-system", mtls: { mode: "STRICT" } });
    const defaultNs = pa({ name: "ns", namespace: "default", mtls: { mode: "DISABLE" } });
    const defaultRatings = pa({ name: "r", selector: { matchLabels: { app: "ratings" } }, mtls: { mode: "DISABLE" } });
    // Policies of `default` leave a workload of `shop` alone: the mesh-wide STRICT decides there.
    expect(effectiveMtls([mesh, defaultNs, defaultRatings], shopRatings).mode).toBe("STRICT");
    expect(effectiveMtls([mesh, defaultNs, defaultRatings], ratings).mode).toBe("DISABLE");
    // `shop`'s own namespace-wide and workload policies decide for it, and not for `default`.
    const shopNs = pa({ name: "shop-ns", namespace: "shop", mtls: { mode: "PERMISSIVE" } });
    const shopWorkload = pa({
      name: "shop-r",
      namespace: "shop",
      selector: { matchLabels: { app: "ratings" } },
      mtls: { mode: "DISABLE" },
      portLevelMtls: { "9080": { mode: "STRICT" } },
    });
    expect(effectiveMtls([mesh, shopNs], shopRatings).mode).toBe("PERMISSIVE");
    expect(effectiveMtls([mesh, shopNs, shopWorkload], shopRatings)).toEqual({
      mode: "DISABLE",
      ports: { "9080": "STRICT" },
    });
    expect(effectiveMtls([mesh, shopNs, shopWorkload], ratings).mode).toBe("STRICT");
  });

  it("compiles per cluster by the service's namespace", () => {
    const m = MeshConfigSchema.parse({
      services: [
        { name: "a", host: "a.test", versions: [{ name: "v1", endpoints: [{ address: "127.0.0.1", port: 1 }] }] },
        {
          name: "b",
          namespace: "shop",
          host: "b.test",
          versions: [{ name: "v1", endpoints: [{ address: "127.0.0.1", port: 2 }] }],
        },
      ],
      peerAuthentications: [{ name: "shop-strict", namespace: "shop", mtls: { mode: "STRICT" } }],
    });
    expect(compileMesh(m).mtls).toEqual([
      { cluster: "a/v1", mode: "PERMISSIVE" },
      { cluster: "b/v1", mode: "STRICT" },
    ]);
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
