import { MetricsReportResponseSchema, type EndpointHealth, type MetricsBatch } from "../../lib/core/index.ts";
import type { Logger } from "../log.ts";
import { DeltaTracker, type MetricsRegistry } from "./registry.ts";
import type { Tapper } from "./tap.ts";

export interface ReporterOptions {
  consoleUrl: string;
  node: string;
  token?: string | (() => string | undefined);
  registry: MetricsRegistry;
  intervalMs: number;
  log: Logger;
  /** Endpoint health of the running snapshot, sent with every batch (stats.ts endpointHealth). */
  endpoints?: () => EndpointHealth[];
  /** Live taps: samples go with the batch; the answer says which taps are open. */
  tap?: Tapper;
}

/**
 * POSTs a MetricsBatch of deltas every interval. A failed POST loses that interval's deltas on purpose:
 * metrics are a live view, and a console that was down does not need a backlog replayed.
 * Every batch carries the health of all endpoints; an interval without traffic still sends one when that
 * health changed (an ejection ended, a health check flipped), so the console's view does not go stale.
 */
export function startMetricsReporter(opts: ReporterOptions): { stop(): Promise<void> } {
  const tracker = new DeltaTracker();
  let last = Date.now();
  let inFlight: Promise<void> = Promise.resolve();
  let lastHealth = "";
  const tick = () => {
    const now = Date.now();
    const batch: MetricsBatch = {
      node: opts.node,
      at: now,
      intervalMs: Math.max(1, now - last),
      series: tracker.collect(opts.registry),
    };
    const authz = opts.registry.authzDeltas();
    const samples = opts.tap?.drain() ?? [];
    last = now;
    const endpoints = opts.endpoints?.();
    const health = endpoints === undefined ? "" : healthSignature(endpoints);
    if (batch.series.length === 0 && authz.length === 0 && samples.length === 0 && health === lastHealth) return;
    if (endpoints !== undefined) batch.endpoints = endpoints;
    if (authz.length > 0) batch.authz = authz;
    if (samples.length > 0) batch.tap = samples;
    lastHealth = health;
    inFlight = post(opts, batch);
  };
  const timer = setInterval(tick, opts.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      tick(); // flush the last partial interval so short runs (and tests) see every request
      await inFlight;
    },
  };
}

async function post(opts: ReporterOptions, batch: MetricsBatch): Promise<void> {
  try {
    const res = await fetch(new URL("/api/xds/metrics", opts.consoleUrl), {
      method: "POST",
      headers: { "content-type": "application/json", ...authorization(opts.token) },
      body: JSON.stringify(batch),
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) {
      await res.body?.cancel();
      opts.log.warn("metrics batch rejected", { status: res.status });
      return;
    }
    // The answer names the open live taps; a console without taps answers { ok: true }: sample nothing.
    const answer = MetricsReportResponseSchema.safeParse(await res.json().catch(() => null));
    opts.tap?.update(answer.success ? answer.data.taps : undefined);
  } catch (e) {
    opts.log.debug("metrics batch not delivered", { error: String(e) });
  }
}

function authorization(token: ReporterOptions["token"]): Record<string, string> {
  const value = typeof token === "function" ? token() : token;
  return value ? { authorization: `Bearer ${value}` } : {};
}

/** What a change of endpoint health is judged on (not consecutiveErrors, which moves with every request). */
function healthSignature(endpoints: readonly EndpointHealth[]): string {
  let s = "";
  for (const e of endpoints) s += `${e.cluster}|${e.address}:${e.port}|${e.state}|${e.ejectedUntil ?? ""};`;
  return s;
}
