import type { AuthorizationPolicy, MeshConfig, PeerAuthentication, Route, Service } from "../model/index.ts";

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

/**
 * Mesh mode in the `npm start` demo: the versions on the Bookinfo call path (productpage → reviews v2/v3 → ratings)
 * run beside a sidecar. reviews v1 (it calls nobody, as in Bookinfo) and details run without one.
 */
const SIDECARS = [
  ["productpage", "v1"],
  ["reviews", "v2"],
  ["reviews", "v3"],
  ["ratings", "v1"],
] as const;

/** Where a demo sidecar listens: inbound (peers, mTLS) at basePort + 40 + n, outbound (its app) at basePort + 60 + n. */
export interface BookinfoSidecar extends BookinfoUpstream {
  inboundPort: number;
  outboundPort: number;
}

export function bookinfoSidecars(basePort: number = BOOKINFO_BASE_PORT): BookinfoSidecar[] {
  return bookinfoUpstreams(basePort).flatMap((u, n) =>
    SIDECARS.some(([s, v]) => s === u.service && v === u.version)
      ? [{ ...u, inboundPort: basePort + 40 + n, outboundPort: basePort + 60 + n }]
      : [],
  );
}

/** Bookinfo's onward calls, each made by the caller's app to its own sidecar's outbound port with this Host. */
export const BOOKINFO_CALLS: Record<string, { host: string; path: string }> = {
  "productpage/v1": { host: "reviews.demo", path: "/reviews/0" },
  "reviews/v2": { host: "ratings.demo", path: "/ratings/0" },
  "reviews/v3": { host: "ratings.demo", path: "/ratings/0" },
};

/**
 * The demo namespace is STRICT; the workloads without a sidecar say DISABLE, so callers (sidecars, and gateways by
 * auto mTLS) speak plaintext to them, as Istio users exempt workloads outside the mesh.
 */
const meshDemoPeerAuthentications = (): PeerAuthentication[] => [
  { name: "default", namespace: "default", mtls: { mode: "STRICT" } },
  {
    name: "details-no-sidecar",
    namespace: "default",
    selector: { matchLabels: { app: "details" } },
    mtls: { mode: "DISABLE" },
  },
  {
    name: "reviews-v1-no-sidecar",
    namespace: "default",
    selector: { matchLabels: { app: "reviews", version: "v1" } },
    mtls: { mode: "DISABLE" },
  },
];

/**
 * The demo's access policy in action: ratings is read-only. Its sidecar answers any other method 403 `RBAC: access
 * denied` (counted by policy on the Metrics page), whoever calls; the demo's own traffic only reads.
 */
export const meshDemoAuthorizationPolicies = (): AuthorizationPolicy[] => [
  {
    name: "ratings-read-only",
    namespace: "default",
    selector: { matchLabels: { app: "ratings" } },
    action: "DENY",
    rules: [{ to: [{ operation: { notMethods: ["GET", "HEAD"] } }] }],
  },
];

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
 * and routes answer the short `<name>.demo` hosts. Reviews starts as a canary: v1 80 / v2 20. `sidecars`: the
 * `npm start` mesh demo (bookinfoSidecars' versions behind their sidecars, the namespace STRICT).
 */
export function bookinfoMesh(opts: { host?: string; basePort?: number; sidecars?: boolean } = {}): MeshConfig {
  const address = opts.host ?? "127.0.0.1";
  const basePort = opts.basePort ?? BOOKINFO_BASE_PORT;
  const sidecars = opts.sidecars ? bookinfoSidecars(basePort) : [];
  // A version with a sidecar is reached at the sidecar's inbound port, so peers go sidecar → sidecar (mTLS).
  const upstreams = bookinfoUpstreams(basePort).map((u) => ({
    ...u,
    port: sidecars.find((s) => s.port === u.port)?.inboundPort ?? u.port,
  }));
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
    authorizationPolicies: opts.sidecars ? meshDemoAuthorizationPolicies() : [],
    peerAuthentications: opts.sidecars ? meshDemoPeerAuthentications() : [],
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
