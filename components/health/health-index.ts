import type { EndpointHealthResponse } from "@/lib/core/api/index.ts";
import type { EndpointHealth } from "@/lib/core/index.ts";

type State = EndpointHealth["state"];

/** How the proxies see one endpoint: how many report each state. */
export interface EndpointVerdict {
  healthy: number;
  ejected: number;
  unhealthy: number;
  /** The worst state any proxy reports (unhealthy > ejected > healthy). */
  worst: State;
}

const RANK: Record<State, number> = { healthy: 0, ejected: 1, unhealthy: 2 };

export const endpointKey = (cluster: string, address: string, port: number) => `${cluster}|${address}|${port}`;

const indexed = new WeakMap<EndpointHealthResponse, Map<string, EndpointVerdict>>();
const EMPTY = new Map<string, EndpointVerdict>();

/**
 * indexEndpointHealth, once per report: every version editor on the Services page asks for the same polled
 * report (one query, one object until the data changes), and each would otherwise index it again.
 */
export function endpointHealthIndex(resp: EndpointHealthResponse | undefined): ReadonlyMap<string, EndpointVerdict> {
  if (!resp) return EMPTY;
  let index = indexed.get(resp);
  if (!index) indexed.set(resp, (index = indexEndpointHealth(resp)));
  return index;
}

/** Endpoint → what the proxies last reported about it; an endpoint no proxy reports is absent. */
export function indexEndpointHealth(resp: EndpointHealthResponse | undefined): Map<string, EndpointVerdict> {
  const out = new Map<string, EndpointVerdict>();
  for (const node of resp?.nodes ?? []) {
    for (const e of node.endpoints) {
      const key = endpointKey(e.cluster, e.address, e.port);
      const v = out.get(key) ?? { healthy: 0, ejected: 0, unhealthy: 0, worst: "healthy" as State };
      v[e.state]++;
      if (RANK[e.state] > RANK[v.worst]) v.worst = e.state;
      out.set(key, v);
    }
  }
  return out;
}

/** One line for a badge's tooltip, e.g. "ejected by 1 of 2 proxies". */
export function verdictText(v: EndpointVerdict): string {
  const total = v.healthy + v.ejected + v.unhealthy;
  const of = (n: number) => `${n} of ${total} prox${total === 1 ? "y" : "ies"}`;
  if (v.worst === "healthy") return `healthy on ${of(v.healthy)}`;
  const parts = [
    v.unhealthy ? `unhealthy on ${of(v.unhealthy)}` : "",
    v.ejected ? `ejected by ${of(v.ejected)}` : "",
  ].filter(Boolean);
  return parts.join(", ");
}
