import { describe, expect, it } from "vitest";
import { compileMesh } from "@/lib/core/compile/index.ts";
import { MeshConfigSchema, type Cluster } from "@/lib/core/index.ts";
import {
  mtlsStateOf,
  serviceOfSpiffeId,
  trustDomainOf,
  weakestMtlsState,
  withAutoMtls,
  withGatewayAutoMtls,
} from "@/lib/core/sidecar/index.ts";

const cluster = (name: string, tls?: NonNullable<Cluster["trafficPolicy"]>["tls"]): Cluster => {
  const [service, version] = name.split("/") as [string, string];
  return { name, service, version, host: service, endpoints: [], ...(tls ? { trafficPolicy: { tls } } : {}) };
};

describe("mesh mode rules (lib/core/sidecar)", () => {
  it("auto mTLS: ISTIO_MUTUAL with the destination's SPIFFE ID, unless a DestinationRule says tls or the peer is DISABLE", () => {
    const clusters = [cluster("ratings/v1"), cluster("api/v1", { mode: "SIMPLE" }), cluster("legacy/v1")];
    const out = withAutoMtls(clusters, [{ cluster: "legacy/v1", mode: "DISABLE" }], "cluster.local");
    expect(out[0]!.trafficPolicy?.tls).toEqual({
      mode: "ISTIO_MUTUAL",
      subjectAltNames: ["spiffe://cluster.local/ns/default/sa/ratings"],
    });
    expect(out[1]).toBe(clusters[1]);
    expect(out[2]).toBe(clusters[2]);
    // No workload certificate yet: nothing to present, the clusters stay as they are.
    expect(withAutoMtls(clusters, undefined, null)).toEqual(clusters);
  });

  it("auto mTLS applies to a port's own settings (byPort) too, unless that port's policy says tls", () => {
    const c: Cluster = {
      ...cluster("reviews/v1"),
      byPort: [
        { port: 9080, endpoints: [], trafficPolicy: { loadBalancer: { type: "RANDOM" } } },
        { port: 9443, endpoints: [], trafficPolicy: { tls: { mode: "SIMPLE" } } },
      ],
    };
    const [out] = withAutoMtls([c], undefined, "cluster.local");
    expect(out!.byPort![0]!.trafficPolicy).toEqual({
      loadBalancer: { type: "RANDOM" },
      tls: { mode: "ISTIO_MUTUAL", subjectAltNames: ["spiffe://cluster.local/ns/default/sa/reviews"] },
    });
    expect(out!.byPort![1]).toBe(c.byPort![1]);
  });

  it("auto mTLS expects the identity of the destination service's namespace", () => {
    const shop = { ...cluster("ratings/v1"), namespace: "shop" };
    expect(withAutoMtls([shop], undefined, "cluster.local")[0]!.trafficPolicy?.tls?.subjectAltNames).toEqual([
      "spiffe://cluster.local/ns/shop/sa/ratings",
    ]);
    const m = MeshConfigSchema.parse({
      services: [
        {
          name: "ratings",
          namespace: "shop",
          host: "ratings.test",
          versions: [{ name: "v1", endpoints: [{ address: "127.0.0.1", port: 1 }] }],
        },
        { name: "web", host: "web.test", versions: [{ name: "v1", endpoints: [{ address: "127.0.0.1", port: 2 }] }] },
      ],
    });
    // The compiled cluster carries a namespace other than default (and none for default: snapshot hashes kept).
    expect(compileMesh(m).clusters.map((c) => [c.name, c.namespace])).toEqual([
      ["ratings/v1", "shop"],
      ["web/v1", undefined],
    ]);
  });

  it("gateway auto mTLS: ISTIO_MUTUAL to STRICT destinations only, a DestinationRule's tls still winning", () => {
    const clusters = [cluster("ratings/v1"), cluster("api/v1", { mode: "DISABLE" }), cluster("legacy/v1")];
    const mtls = [
      { cluster: "ratings/v1", mode: "STRICT" as const },
      { cluster: "api/v1", mode: "STRICT" as const },
      { cluster: "legacy/v1", mode: "PERMISSIVE" as const },
    ];
    const out = withGatewayAutoMtls(clusters, mtls, "cluster.local");
    expect(out[0]!.trafficPolicy?.tls).toEqual({
      mode: "ISTIO_MUTUAL",
      subjectAltNames: ["spiffe://cluster.local/ns/default/sa/ratings"],
    });
    expect(out[1]).toBe(clusters[1]);
    // PERMISSIVE may be an endpoint without a sidecar: plaintext, as before.
    expect(out[2]).toBe(clusters[2]);
    expect(withGatewayAutoMtls(clusters, undefined, "cluster.local")).toEqual(clusters);
    expect(withGatewayAutoMtls(clusters, mtls, null)).toEqual(clusters);
  });

  it("reads trust domains and services out of SPIFFE IDs", () => {
    expect(trustDomainOf("spiffe://mesh.test/ns/default/sa/reviews")).toBe("mesh.test");
    expect(trustDomainOf("https://x")).toBeNull();
    expect(serviceOfSpiffeId("spiffe://mesh.test/ns/default/sa/reviews")).toBe("reviews");
    expect(serviceOfSpiffeId("spiffe://mesh.test/proxy/edge-1")).toBeNull();
  });

  it("names an edge's mTLS state, and an edge's window by its weakest state", () => {
    expect(mtlsStateOf(true, "STRICT")).toBe("locked");
    expect(mtlsStateOf(true, "PERMISSIVE")).toBe("permissive");
    expect(mtlsStateOf(false, "PERMISSIVE")).toBe("plain");
    expect(weakestMtlsState(["locked", "permissive", "locked"])).toBe("permissive");
    expect(weakestMtlsState(["locked", "plain"])).toBe("plain");
    expect(weakestMtlsState([])).toBeNull();
  });
});
