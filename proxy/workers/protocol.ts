import type { AuthzCount, EndpointHealth, MetricSeries } from "../../lib/core/index.ts";
import type { ProxySecret } from "../../lib/core/protocol/secrets.ts";
import type { TapSample, TapSpec } from "../../lib/core/protocol/tap.ts";
import type { ProxyStats } from "../stats.ts";
import type { RegisteredEndpoints } from "../endpoints/console-endpoints.ts";

/** The secrets a primary gets from the console (secret discovery) and its joined identity, forwarded whole. */
export interface ForwardedSecrets {
  console: ProxySecret[];
  identity: ProxySecret[];
}

/** Primary → worker (node:cluster IPC). */
export type ToWorker =
  | { t: "welcome"; raw: unknown | null; endpoints?: RegisteredEndpoints; secrets?: ForwardedSecrets; taps?: TapSpec[] }
  | { t: "snapshot"; raw: unknown }
  | { t: "endpoints"; clusters: RegisteredEndpoints }
  | { t: "secrets"; secrets: ForwardedSecrets }
  | { t: "taps"; specs: TapSpec[] }
  | { t: "stats"; id: number }
  | { t: "stop"; graceMs: number };

/** Worker → primary. */
export type ToPrimary =
  | { t: "hello" }
  | { t: "ready"; port: number; ports: number[] }
  | { t: "applied"; version: number; ok: boolean; error?: string }
  | { t: "metrics"; series: MetricSeries[]; endpoints: EndpointHealth[]; authz?: AuthzCount[]; tap?: TapSample[] }
  | { t: "stats"; id: number; stats: ProxyStats };

/** Env var carrying a worker's index (1-based; it names the worker in /stats and logs). */
export const WORKER_INDEX_ENV = "SIGNALBOX_WORKER_INDEX";

const RANK = { healthy: 0, ejected: 1, unhealthy: 2 } as const;

/**
 * One view of each endpoint from every worker's: each worker runs its own outlier detection and health
 * checks, so the worst state wins (unhealthy > ejected > healthy), with the latest ejection end and the
 * highest consecutive-error count.
 */
export function mergeEndpointHealth(perWorker: Iterable<readonly EndpointHealth[]>): EndpointHealth[] {
  const merged = new Map<string, EndpointHealth>();
  for (const list of perWorker) {
    for (const e of list) {
      const key = `${e.cluster}|${e.address}:${e.port}`;
      const prev = merged.get(key);
      if (!prev) {
        merged.set(key, { ...e });
        continue;
      }
      if (RANK[e.state] > RANK[prev.state]) prev.state = e.state;
      if (e.ejectedUntil !== undefined) prev.ejectedUntil = Math.max(prev.ejectedUntil ?? 0, e.ejectedUntil);
      prev.consecutiveErrors = Math.max(prev.consecutiveErrors, e.consecutiveErrors);
    }
  }
  for (const e of merged.values()) if (e.state !== "ejected") delete e.ejectedUntil;
  return [...merged.values()];
}
