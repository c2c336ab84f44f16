import { describe, expect, it } from "vitest";
import { buildSnapshot } from "@/lib/core/compile/index.ts";
import { clusterPort, policyForPort } from "@/lib/core/compile/port-policy.ts";
import { MeshConfigSchema, type TrafficPolicy } from "@/lib/core/model/index.ts";
import { buildRouteTable } from "@/lib/core/routing/index.ts";
import { validateMesh } from "@/lib/core/validate/index.ts";

const od = { consecutiveErrors: 2, intervalMs: 1000, baseEjectionMs: 1000, maxEjectionPercent: 50 };
const policy: TrafficPolicy = {
  loadBalancer: { type: "ROUND_ROBIN" },
  connectionPool: { maxConnections: 10, maxPendingRequests: 5 },
  healthCheck: { path: "/healthz", intervalMs: 5000, timeoutMs: 1000, unhealthyThreshold: 3, healthyThreshold: 2 },
  portLevelSettings: [
    { port: 443, tls: { mode: "SIMPLE" }, connectionPool: { maxConnections: 2 } },
    { port: 9000, loadBalancer: { type: "LEAST_REQUEST" }, outlierDetection: od },
  ],
};

describe("policyForPort: a port's settings over the service's, part by part", () => {
  it("replaces each part the port sets as a whole and keeps the others", () => {
    expect(policyForPort(policy, 443)).toEqual({
      loadBalancer: { type: "ROUND_ROBIN" },
      // The port's connectionPool replaces the service's: its maxPendingRequests is not inherited (as in Istio).
      connectionPool: { maxConnections: 2 },
      healthCheck: policy.healthCheck,
      tls: { mode: "SIMPLE" },
    });
    expect(policyForPort(policy, 9000)).toEqual({
      loadBalancer: { type: "LEAST_REQUEST" },
      connectionPool: { maxConnections: 10, maxPendingRequests: 5 },
      healthCheck: policy.healthCheck,
      outlierDetection: od,
    });
  });

  it("a port without settings, or no port, gets the service-level policy without the per-port list", () => {
    const base = { ...policy };
    delete base.portLevelSettings;
    expect(policyForPort(policy, 80)).toEqual(base);
    expect(policyForPort(policy, undefined)).toEqual(base);
    expect(policyForPort({ portLevelSettings: [{ port: 443, tls: { mode: "SIMPLE" } }] }, 80)).toBeUndefined();
    expect(policyForPort(undefined, 443)).toBeUndefined();
  });
});

const mesh = (ports: number[], endpointPorts: number[]) =>
  MeshConfigSchema.parse({
    services: [
      {
        name: "web",
        host: "web.test",
        ports: ports.map((number) => ({ name: `p${number}`, number, protocol: "HTTP" })),
        versions: [
          { name: "v1", endpoints: endpointPorts.map((port, i) => ({ address: `10.0.0.${i + 1}`, port })) },
          { name: "v2", endpoints: [], tls: { mode: "DISABLE" } },
        ],
        trafficPolicy: policy,
      },
    ],
  });

describe("compiled clusters carry the policy of the one port their requests use", () => {
  it("the service's only port picks the settings; a version's own TLS still wins", () => {
    const [v1, v2] = buildSnapshot(mesh([443], [8443, 8444]), 1).config.clusters;
    expect(v1!.trafficPolicy).toEqual(policyForPort(policy, 443));
    expect(v2!.trafficPolicy).toEqual({ ...policyForPort(policy, 443), tls: { mode: "DISABLE" } });
  });

  it("without service ports, the port all of a version's endpoints listen on", () => {
    const m = mesh([], [9000, 9000]);
    expect(clusterPort(m.services[0]!, m.services[0]!.versions[0]!)).toBe(9000);
    expect(buildSnapshot(m, 1).config.clusters[0]!.trafficPolicy).toEqual(policyForPort(policy, 9000));
  });

  it("several ports in play: the service-level policy on the cluster, never the per-port list", () => {
    for (const m of [mesh([80, 443], [8080]), mesh([], [9000, 9001])]) {
      expect(clusterPort(m.services[0]!, m.services[0]!.versions[0]!)).toBeUndefined();
      const tp = buildSnapshot(m, 1).config.clusters[0]!.trafficPolicy;
      expect(tp).toEqual(policyForPort(policy, undefined));
      expect(tp).not.toHaveProperty("portLevelSettings");
    }
  });
});

describe("validation: port-level settings no cluster applies (SB310)", () => {
  const sb310 = (m: ReturnType<typeof mesh>) =>
    validateMesh(m)
      .filter((i) => i.code === "SB310")
      .map((i) => i.path.join("."));

  it("warns on each entry for a port the service lacks and no version sends all its requests to", () => {
    expect(sb310(mesh([443], [8443]))).toEqual(["services.0.trafficPolicy.portLevelSettings.1.port"]);
    // 443 is a service port: a destination naming it gets its settings (byPort); 9000 is neither.
    expect(sb310(mesh([80, 443], [8080]))).toEqual(["services.0.trafficPolicy.portLevelSettings.1.port"]);
    expect(sb310(mesh([443, 9000], [8080]))).toEqual([]);
    expect(sb310(mesh([], [9000]))).toEqual(["services.0.trafficPolicy.portLevelSettings.0.port"]);
  });
});

describe("per-port cluster variants (byPort): what a destination naming one port of a multi-port service gets", () => {
  const twoPorts = (trafficPolicy: TrafficPolicy | undefined, endpointPorts?: Record<string, number>) =>
    MeshConfigSchema.parse({
      services: [
        {
          name: "reviews",
          host: "reviews.test",
          ports: [
            { name: "http", number: 9080, protocol: "HTTP" },
            { name: "https", number: 9443, protocol: "HTTP" },
          ],
          versions: [
            {
              name: "v1",
              endpoints: [{ address: "10.0.0.1", port: 8080, ...(endpointPorts ? { ports: endpointPorts } : {}) }],
            },
          ],
          trafficPolicy,
        },
      ],
    });
  const cluster = (m: ReturnType<typeof twoPorts>) => buildSnapshot(m, 1).config.clusters[0]!;

  it("lists a port whose settings differ, with the port's policy merged over the service's", () => {
    const perPort: TrafficPolicy = {
      loadBalancer: { type: "ROUND_ROBIN" },
      portLevelSettings: [{ port: 9443, loadBalancer: { type: "RANDOM" }, tls: { mode: "SIMPLE" } }],
    };
    const c = cluster(twoPorts(perPort));
    expect(c.trafficPolicy).toEqual({ loadBalancer: { type: "ROUND_ROBIN" } });
    expect(c.byPort).toEqual([
      {
        port: 9443,
        endpoints: [{ address: "10.0.0.1", port: 8080, weight: 1 }],
        trafficPolicy: { loadBalancer: { type: "RANDOM" }, tls: { mode: "SIMPLE" } },
      },
    ]);
  });

  it("a port the endpoints take on another number gets its endpoints there; the cluster keeps their own", () => {
    const c = cluster(twoPorts(undefined, { https: 8443 }));
    expect(c.endpoints).toEqual([{ address: "10.0.0.1", port: 8080, weight: 1 }]);
    expect(c.byPort).toEqual([{ port: 9443, endpoints: [{ address: "10.0.0.1", port: 8443, weight: 1 }] }]);
  });

  it("ports that all behave like the cluster compile to no byPort (the snapshot and its hash as before)", () => {
    expect(cluster(twoPorts(undefined, { http: 8080, https: 8080 }))).not.toHaveProperty("byPort");
    expect(cluster(twoPorts({ loadBalancer: { type: "RANDOM" } }))).not.toHaveProperty("byPort");
  });

  it("a single-port service takes its endpoints on the number their map gives the port, on the cluster itself", () => {
    const m = MeshConfigSchema.parse({
      services: [
        {
          name: "web",
          host: "web.test",
          ports: [{ name: "http", number: 80, protocol: "HTTP" }],
          versions: [{ name: "v1", endpoints: [{ address: "10.0.0.1", port: 8080, ports: { http: 8081 } }] }],
        },
      ],
    });
    const c = cluster(m);
    expect(c.endpoints).toEqual([{ address: "10.0.0.1", port: 8081, weight: 1 }]);
    expect(c).not.toHaveProperty("byPort");
  });

  it("the route table sends a destination naming a listed port to that port's runtime, others to the cluster's", () => {
    const m = MeshConfigSchema.parse({
      ...twoPorts(undefined, { https: 8443 }),
      routes: [
        {
          name: "r",
          hosts: ["reviews.test"],
          rules: [
            {
              destinations: [
                { service: "reviews", version: "v1", weight: 50, port: 9443 },
                { service: "reviews", version: "v1", weight: 50, port: 9080 },
              ],
            },
          ],
        },
      ],
    });
    const entry = buildRouteTable(buildSnapshot(m, 1).config).entries[0]!;
    const byPort = Object.fromEntries(entry.rule.destinations.map((d, i) => [d.port, entry.runtimes[i]]));
    expect(byPort).toEqual({ 9080: "reviews/v1", 9443: "reviews/v1:9443" });
  });
});
