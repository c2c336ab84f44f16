import type { MeshConfig } from "@/lib/core/model/index.ts";
import { seededRandom } from "../../helpers/random.ts";

function shuffle<T>(items: T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Reorders every array whose order carries no meaning; keeps rule order and match order. */
export function shuffleMesh(mesh: MeshConfig, seed: number): MeshConfig {
  const r = seededRandom(seed);
  const m = structuredClone(mesh);
  return {
    authorizationPolicies: shuffle(m.authorizationPolicies, r),
    peerAuthentications: shuffle(m.peerAuthentications, r),
    referenceGrants: shuffle(m.referenceGrants, r),
    services: shuffle(
      m.services.map((s) => ({
        ...s,
        versions: shuffle(
          s.versions.map((v) => ({ ...v, endpoints: shuffle(v.endpoints, r) })),
          r,
        ),
      })),
      r,
    ),
    gateways: shuffle(
      m.gateways.map((g) => ({
        ...g,
        listeners: shuffle(
          g.listeners.map((l) => ({ ...l, hosts: shuffle(l.hosts, r) })),
          r,
        ),
      })),
      r,
    ),
    routes: shuffle(
      m.routes.map((route) => ({
        ...route,
        hosts: shuffle(route.hosts, r),
        gateways: shuffle(route.gateways, r),
        rules: route.rules.map((rule) => ({
          ...rule,
          destinations: shuffle(rule.destinations, r),
          matches: rule.matches.map((x) => ({
            ...x,
            methods: shuffle(x.methods, r),
            headers: shuffle(x.headers, r),
            queryParams: shuffle(x.queryParams, r),
          })),
        })),
      })),
      r,
    ),
  };
}
