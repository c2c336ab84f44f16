import { MeshConfigSchema, type MeshConfig, type MeshConfigInput } from "../../lib/core/model/index.ts";
import type { RequestInfo } from "../../lib/core/routing/index.ts";
import { seededRandom } from "../helpers/random.ts";

/**
 * `hosts` routes × `rules` rules each: 9 specific rules (uri prefix/exact/regex, methods, headers) and a
 * catch-all last, the shape of a real virtual service. Services have 3 versions × `endpoints` endpoints.
 */
export function benchMesh(hosts: number, rules: number, endpoints = 3): MeshConfig {
  const services: MeshConfigInput["services"] = [];
  const routes: MeshConfigInput["routes"] = [];
  for (let h = 0; h < hosts; h++) {
    const name = `svc-${h}`;
    const versions = ["v1", "v2", "v3"].map((v, vi) => ({
      name: v,
      labels: { version: v },
      endpoints: Array.from({ length: endpoints }, (_, e) => ({ address: `10.${h % 250}.${vi}.${e + 1}`, port: 8080 })),
    }));
    services.push({ name, host: `${name}.bench.local`, versions });
    const ruleList: NonNullable<MeshConfigInput["routes"]>[number]["rules"] = [];
    for (let r = 0; r < rules - 1; r++) {
      const kind = r % 3;
      ruleList.push({
        name: `r${r}`,
        matches: [
          {
            uri:
              kind === 0
                ? { type: "prefix", value: `/api/${r}/` }
                : kind === 1
                  ? { type: "exact", value: `/exact/${r}` }
                  : { type: "regex", value: `/items/${r}/[0-9]+` },
            methods: r % 4 === 0 ? ["GET", "HEAD"] : [],
            headers: r % 2 === 0 ? [{ name: "x-tier", type: "exact", value: `t${r}` }] : [],
          },
        ],
        destinations: [
          { service: name, version: "v1", weight: 80 },
          { service: name, version: "v2", weight: 20 },
        ],
      });
    }
    ruleList.push({ name: "default", destinations: [{ service: name, version: "v3", weight: 100 }] });
    routes.push({ name, hosts: [`${name}.bench.local`, `*.${name}.example.com`], rules: ruleList });
  }
  return MeshConfigSchema.parse({ services, gateways: [], routes });
}

/** `n` requests spread over every host and rule kind, plus misses (wrong header, unknown path, unknown host). */
export function benchRequests(hosts: number, rules: number, n: number, seed = 42): RequestInfo[] {
  const rnd = seededRandom(seed);
  const out: RequestInfo[] = [];
  for (let i = 0; i < n; i++) {
    const h = Math.floor(rnd() * hosts);
    const r = Math.floor(rnd() * (rules - 1));
    const kind = r % 3;
    const hit = rnd() < 0.8;
    const path = !hit
      ? `/other/${i % 100}`
      : kind === 0
        ? `/api/${r}/x/${i % 50}`
        : kind === 1
          ? `/exact/${r}`
          : `/items/${r}/${i % 1000}`;
    const host =
      rnd() < 0.05
        ? "unknown.example.org"
        : rnd() < 0.2
          ? `a${i % 7}.svc-${h}.example.com:8080`
          : `svc-${h}.bench.local`;
    out.push({
      host,
      path,
      method: rnd() < 0.9 ? "GET" : "POST",
      headers: { "x-tier": rnd() < 0.7 ? `t${r}` : "t-other", accept: "*/*" },
    });
  }
  return out;
}

/**
 * The issue 12 scale case: `services` services (2 versions × 2 endpoints) and `routesPerService` routes on each,
 * every route its own host with two matched rules and a default. 5,000 × 4 = 20,000 routes.
 */
export function largeMeshInput(services: number, routesPerService: number): MeshConfigInput {
  const svcs: MeshConfigInput["services"] = [];
  const routes: MeshConfigInput["routes"] = [];
  for (let s = 0; s < services; s++) {
    const name = `svc-${s}`;
    svcs.push({
      name,
      host: `${name}.big.local`,
      versions: ["v1", "v2"].map((v, vi) => ({
        name: v,
        labels: { version: v },
        endpoints: [1, 2].map((e) => ({ address: `10.${(s >> 8) % 250}.${s % 256}.${vi * 10 + e}`, port: 8080 })),
      })),
    });
    for (let r = 0; r < routesPerService; r++)
      routes.push({
        name: `${name}-r${r}`,
        hosts: [`r${r}.${name}.big.local`],
        rules: [
          {
            name: "api",
            matches: [
              {
                uri: { type: "prefix", value: `/api/${r}/` },
                headers: [{ name: "x-tier", type: "exact", value: "gold" }],
              },
            ],
            destinations: [
              { service: name, version: "v1", weight: 90 },
              { service: name, version: "v2", weight: 10 },
            ],
          },
          {
            name: "get",
            matches: [{ uri: { type: "exact", value: `/item/${r}` }, methods: ["GET"] }],
            destinations: [{ service: name, version: "v2", weight: 100 }],
          },
          { name: "default", destinations: [{ service: name, version: "v1", weight: 100 }] },
        ],
      });
  }
  return { services: svcs, gateways: [], routes };
}
