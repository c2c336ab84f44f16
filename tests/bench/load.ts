/**
 * Constant-rate HTTP load over a keep-alive pool, measuring latency from each request's *scheduled*
 * send time, so a stalled server is charged for the requests it delayed (no coordinated omission).
 * Bounded: warm-up + duration, then at most `drainMs` for the last responses.
 *
 * CLI (prints one JSON line): node --import tsx tests/bench/load.ts --port P --host H --rate 1000 --duration-ms 5000
 *   [--ca ca.pem: HTTPS, verifying the server against that CA]
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** Ticker thread (plain CommonJS, run with eval): one message per scheduled request, at its due time. */
const TICKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { t0Abs, interval, total } = workerData;
const cell = new Int32Array(new SharedArrayBuffer(4));
for (let i = 0; i < total; i++) {
  const wait = t0Abs + i * interval - (performance.timeOrigin + performance.now());
  if (wait > 0) Atomics.wait(cell, 0, 0, wait);
  parentPort.postMessage(i);
}
`;

export interface LoadOptions {
  port: number;
  host: string;
  /** Requests per second. */
  rate: number;
  durationMs: number;
  /** Sent at the same rate before measuring; not counted. */
  warmupMs: number;
  /** Keep-alive pool size. */
  connections: number;
  drainMs: number;
  /** HTTPS with this CA (PEM file): the TLS run of the proxy bench (SNI is `host`). */
  caFile?: string;
}

export interface LoadResult {
  rate: number;
  measured: number;
  errors: number;
  non2xx: number;
  /** Latency from scheduled time (ms). */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Latency from the moment the request was handed to the socket pool (ms): what the server alone added. */
  serviceP50: number;
  serviceP99: number;
  /** How late the generator's timer fired (ms, p99): the generator's own noise floor. */
  lagP99: number;
  /** Responses by x-upstream header (the split check). */
  upstreams: Record<string, number>;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export async function runConstantRate(o: LoadOptions): Promise<LoadResult> {
  const pool = { keepAlive: true, maxSockets: o.connections, scheduling: "lifo" } as const;
  const agent = o.caFile
    ? new https.Agent({ ...pool, ca: readFileSync(o.caFile), servername: o.host })
    : new http.Agent(pool);
  const request = o.caFile ? https.request : http.request;
  const interval = 1_000 / o.rate;
  const total = Math.round((o.rate * (o.warmupMs + o.durationMs)) / 1_000);
  const t0 = performance.now() + 50;
  const measureFrom = t0 + o.warmupMs;
  const latencies: number[] = [];
  const service: number[] = [];
  const lags: number[] = [];
  const upstreams: Record<string, number> = {};
  let errors = 0;
  let non2xx = 0;
  let outstanding = 0;
  let next = 0;
  let allSent!: () => void;
  const sentAll = new Promise<void>((r) => (allSent = r));
  let drained: (() => void) | null = null;

  const done = () => {
    outstanding--;
    if (outstanding === 0 && next >= total && drained) drained();
  };

  const fire = (scheduled: number) => {
    const sentAt = performance.now();
    const counted = scheduled >= measureFrom;
    if (counted) lags.push(sentAt - scheduled);
    outstanding++;
    const req = request(
      { agent, host: "127.0.0.1", port: o.port, path: "/", method: "GET", headers: { host: o.host } },
      (res) => {
        res.on("data", () => {});
        res.on("end", () => {
          const end = performance.now();
          if (counted) {
            latencies.push(end - scheduled);
            service.push(end - sentAt);
            if ((res.statusCode ?? 0) >= 300) non2xx++;
            const up = String(res.headers["x-upstream"] ?? "none");
            upstreams[up] = (upstreams[up] ?? 0) + 1;
          }
          done();
        });
      },
    );
    req.on("error", () => {
      if (counted) errors++;
      done();
    });
    req.end();
  };

  // Timers in the event loop fire up to ~2 ms late (ms granularity): a ticker thread sleeps with
  // Atomics.wait (sub-ms precise) and wakes the loop when each request is due.
  const ticker = new Worker(TICKER, {
    eval: true,
    workerData: { t0Abs: performance.timeOrigin + t0, interval, total },
  });
  ticker.on("message", (due: number) => {
    const now = performance.now();
    // `due` may be a hair early on this thread's clock: it is sent anyway (latency counts from its schedule).
    while (next < total && (next <= due || t0 + next * interval <= now)) fire(t0 + next++ * interval);
    if (next >= total) allSent();
  });
  ticker.on("error", (e) => {
    throw e;
  });
  await sentAll;
  void ticker.terminate();
  if (outstanding > 0) {
    await Promise.race([new Promise<void>((r) => (drained = r)), new Promise((r) => setTimeout(r, o.drainMs).unref())]);
  }
  errors += Math.min(outstanding, Math.round((o.rate * o.durationMs) / 1_000)); // unanswered after the drain window
  agent.destroy();
  const sort = (a: number[]) => a.sort((x, y) => x - y);
  sort(latencies);
  sort(service);
  sort(lags);
  return {
    rate: o.rate,
    measured: latencies.length,
    errors,
    non2xx,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    serviceP50: percentile(service, 50),
    serviceP99: percentile(service, 99),
    lagP99: percentile(lags, 99),
    upstreams,
  };
}

function parseArgs(argv: string[]): LoadOptions {
  const get = (name: string, def?: number | string): string => {
    const i = argv.indexOf(`--${name}`);
    const v = i === -1 ? def : argv[i + 1];
    if (v === undefined) throw new Error(`load.ts: --${name} is required`);
    return String(v);
  };
  return {
    port: Number(get("port")),
    host: get("host", "localhost"),
    rate: Number(get("rate", 1_000)),
    durationMs: Number(get("duration-ms", 5_000)),
    warmupMs: Number(get("warmup-ms", 1_000)),
    connections: Number(get("connections", 64)),
    drainMs: Number(get("drain-ms", 5_000)),
    caFile: argv.includes("--ca") ? get("ca") : undefined,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runConstantRate(parseArgs(process.argv.slice(2))).then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (e: unknown) => {
      console.error(String(e));
      process.exit(1);
    },
  );
}
