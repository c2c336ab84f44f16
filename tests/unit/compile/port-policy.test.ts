import { describe, expect, it } from "vitest";
import { buildSnapshot } from "@/lib/core/compile/index.ts";
import { clusterPort, policyForPort } from "@/lib/core/compile/port-policy.ts";
import { MeshConfigSchema, type TrafficPolicy } from "@/lib/core/model/index.ts";
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

  it("several ports in play: the service-level policy, never the per-port list", () => {
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

  it("warns on each entry whose port no version sends all its requests to", () => {
    expect(sb310(mesh([443], [8443]))).toEqual(["services.0.trafficPolicy.portLevelSettings.1.port"]);
    expect(sb310(mesh([80, 443], [8080]))).toEqual([
      "services.0.trafficPolicy.portLevelSettings.0.port",
      "services.0.trafficPolicy.portLevelSettings.1.port",
    ]);
    expect(sb310(mesh([], [9000]))).toEqual(["services.0.trafficPolicy.portLevelSettings.0.port"]);
  });
});
