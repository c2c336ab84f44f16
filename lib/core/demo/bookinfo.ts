import type { MeshConfig, Route, Service } from "../model/index.ts";

const BOOKINFO_BASE_PORT = 19100;

/** Fixed order of the demo's upstreams: each gets basePort + its position, so ports never move. */
const UPSTREAMS = [
  ["productpage", "v1"],
  ["details", "v1"],
  ["ratings", "v1"],
  ["reviews", "v1"],
  ["reviews", "v2"],
  ["reviews", "v3"],
] as const;

const SERVICES = ["productpage", "details", "ratings", "reviews"] as const;

export interface BookinfoUpstream {
  service: string;
  version: string;
  port: number;
}

/** The port each demo upstream listens on; scripts/demo-upstreams starts one server per entry. */
export function bookinfoUpstreams(basePort: number = BOOKINFO_BASE_PORT): BookinfoUpstream[] {
  return UPSTREAMS.map(([service, version], n) => ({ service, version, port: basePort + n }));
}

function route(service: string, destinations: { version: string; weight: number }[]): Route {
  return {
    name: service,
    semantics: "istio",
    creationOrder: 0,
    hosts: [`${service}.demo`],
    gateways: [],
    listenerRefs: [],
    rules: [{ name: "", matches: [], destinations: destinations.map((d) => ({ service, ...d })) }],
  };
}

/**
 * The Bookinfo demo mesh. `host` is the address the demo upstreams listen on (default 127.0.0.1);
 * service hosts follow Kubernetes' `<name>.demo.svc.cluster.local` so Istio export looks familiar,
 * and routes answer the short `<name>.demo` hosts. Reviews starts as a canary: v1 80 / v2 20.
 */
export function bookinfoMesh(opts: { host?: string; basePort?: number } = {}): MeshConfig {
  const address = opts.host ?? "127.0.0.1";
  const upstreams = bookinfoUpstreams(opts.basePort ?? BOOKINFO_BASE_PORT);
  const services: Service[] = SERVICES.map((name) => ({
    name,
    host: `${name}.demo.svc.cluster.local`,
    description: `Bookinfo ${name}`,
    external: false,
    ports: [],
    versions: upstreams
      .filter((u) => u.service === name)
      .map((u) => ({
        name: u.version,
        labels: { app: name, version: u.version },
        endpoints: [{ address, port: u.port, weight: 1 }],
      })),
  }));
  return {
    services,
    authorizationPolicies: [],
    peerAuthentications: [],
    referenceGrants: [],
    gateways: [{ name: "edge", listeners: [{ name: "http", port: 8080, protocol: "HTTP", hosts: ["*"] }] }],
    routes: [
      route("productpage", [{ version: "v1", weight: 100 }]),
      route("details", [{ version: "v1", weight: 100 }]),
      route("ratings", [{ version: "v1", weight: 100 }]),
      route("reviews", [
        { version: "v1", weight: 80 },
        { version: "v2", weight: 20 },
      ]),
    ],
  };
}
