import { describe, expect, it } from "vitest";
import { MeshConfigSchema } from "@/lib/core/model/index.ts";
import { validateMesh } from "@/lib/core/validate/index.ts";
import { exportGatewayApi, exportIstio, importIstio } from "@/lib/core/yaml/index.ts";

const mesh = MeshConfigSchema.parse({
  services: [
    {
      name: "web",
      host: "web.test",
      ports: [
        { name: "http", number: 80, protocol: "HTTP" },
        { name: "grpc", number: 9000, protocol: "GRPC" },
      ],
      versions: [{ name: "v1", endpoints: [{ address: "127.0.0.1", port: 8000 }] }],
      trafficPolicy: {
        loadBalancer: { type: "ROUND_ROBIN" },
        connectionPool: { maxConnections: 10 },
        portLevelSettings: [
          { port: 9000, loadBalancer: { type: "LEAST_REQUEST" }, outlierDetection: { consecutiveErrors: 2 } },
          { port: 80, tls: { mode: "SIMPLE", sni: "web.test" } },
        ],
      },
    },
  ],
  gateways: [{ name: "edge", listeners: [{ name: "alt", port: 8080, hosts: ["*"] }] }],
  routes: [
    {
      name: "web",
      hosts: ["web.test"],
      gateways: ["edge"],
      rules: [
        {
          matches: [{ port: 8080, uri: { type: "prefix", value: "/api" } }],
          destinations: [{ service: "web", version: "v1", weight: 100 }],
        },
      ],
    },
  ],
});

describe("Istio match.port and DestinationRule portLevelSettings survive export and import", () => {
  it("round trips the port match and every port's settings (ordered by port on export)", () => {
    const yaml = exportIstio(mesh);
    const back = importIstio(yaml);
    expect(back.report.documents.filter((d) => d.status !== "imported")).toEqual([]);
    expect(back.mesh.routes[0]!.rules[0]!.matches[0]!.port).toBe(8080);
    expect(MeshConfigSchema.parse(back.mesh).services[0]!.trafficPolicy).toEqual({
      loadBalancer: { type: "ROUND_ROBIN" },
      connectionPool: { maxConnections: 10 },
      portLevelSettings: [
        { port: 80, tls: { mode: "SIMPLE", sni: "web.test" } },
        {
          port: 9000,
          loadBalancer: { type: "LEAST_REQUEST" },
          outlierDetection: {
            consecutiveErrors: 2,
            intervalMs: 10_000,
            baseEjectionMs: 30_000,
            maxEjectionPercent: 10,
          },
        },
      ],
    });
  });

  it("reports a port match or port-level entry with a bad port as invalid, naming the field", () => {
    const yaml = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web }
spec:
  hosts: [web.test]
  http:
  - match: [{ port: 70000 }]
    route: [{ destination: { host: web.test, subset: v1 } }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: web }
spec:
  host: web.test
  subsets: [{ name: v1, labels: { version: v1 } }]
  trafficPolicy:
    portLevelSettings:
    - port: { number: 80 }
      loadBalancer: { simple: RANDOM }
    - port: { number: 80 }
      loadBalancer: { simple: LEAST_REQUEST }
    - loadBalancer: { simple: RANDOM }
`;
    const { mesh: m, report } = importIstio(yaml);
    const issues = report.documents.flatMap((d) => d.issues.map((i) => [d.status, i.path.join("."), i.message]));
    expect(issues).toEqual([
      ["invalid", "spec.http.0.match.0.port", "port must be an integer 1..65535"],
      [
        "invalid",
        "spec.trafficPolicy.portLevelSettings.1.port",
        "port 80 already has port-level settings; this entry is ignored",
      ],
      ["invalid", "spec.trafficPolicy.portLevelSettings.2.port", "a port-level setting needs port.number 1..65535"],
    ]);
    expect(m.routes[0]!.rules[0]!.matches[0]!.port).toBeUndefined();
    expect(m.services[0]!.trafficPolicy?.portLevelSettings).toEqual([
      {
        port: 80,
        loadBalancer: { type: "RANDOM" },
        connectionPool: undefined,
        outlierDetection: undefined,
        tls: undefined,
      },
    ]);
  });

  it("Gateway API export says the port match is dropped (its matches have no port)", () => {
    const out = exportGatewayApi(mesh);
    expect(out.unsupported.filter((u) => u.path.at(-1) === "port").map((u) => u.path.join("."))).toEqual([
      "routes.0.rules.0.matches.0.port",
    ]);
  });
});

describe("validation of match.port (SB309)", () => {
  const withPort = (port: number, gateways: string[]) =>
    MeshConfigSchema.parse({
      ...mesh,
      routes: [{ ...mesh.routes[0]!, gateways, rules: [{ ...mesh.routes[0]!.rules[0]!, matches: [{ port }] }] }],
    });
  const sb309 = (m: typeof mesh) => validateMesh(m).filter((i) => i.code === "SB309");

  it("accepts a listener port of the route's gateway, warns on another", () => {
    expect(sb309(withPort(8080, ["edge"]))).toEqual([]);
    expect(sb309(withPort(80, ["edge"]))).toEqual([
      {
        code: "SB309",
        severity: "warning",
        path: ["routes", 0, "rules", 0, "matches", 0, "port"],
        message: "port 80 is no listener port of the route's gateways (8080): this match never holds",
      },
    ]);
  });

  it("on a mesh route, checks against the ports of the service its host names", () => {
    expect(sb309(withPort(9000, []))).toEqual([]);
    expect(sb309(withPort(8080, [])).map((i) => i.message)).toEqual([
      "port 8080 is no port of the route's services (80, 9000): this match never holds",
    ]);
    // A service without ports is called on the proxy's own port, which the mesh does not name: nothing to check.
    const portless = withPort(8080, []);
    portless.services[0]!.ports = [];
    expect(sb309(portless)).toEqual([]);
  });
});
