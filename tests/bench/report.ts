import type { LoadResult } from "./load.ts";
import type { MachineInfo } from "./procstat.ts";
import type { WrkResult } from "./wrk.ts";

export interface Sample {
  wrk: WrkResult;
  load: LoadResult;
  /** utime+stime of the proxy process per 10,000 requests during the wrk run; NaN for direct. */
  cpuPer10k: number;
  peakRssMb: number;
  /** Cores used by processes other than the bench's own during the runs (max of the wrk and latency runs). */
  foreign: number;
  /** Busy fraction of the machine (sum over cores) just before the sample started. */
  busyBefore: number;
  /** HTTPS targets: requests/s with a new connection (a full TLS handshake) per request. */
  handshakesPerS?: number;
}

export interface TargetSummary {
  name: string;
  samples: Sample[];
}

export interface ReportInput {
  summaries: TargetSummary[];
  machine: MachineInfo;
  settings: {
    retried: number;
    rounds: number;
    durationS: number;
    connections: number;
    rate: number;
    proxyCommand: string;
    proxyEntry: string;
    mode: string;
    /** The A/B run's second signalbox ("signalbox-b"), when there is one. */
    abCommand?: string;
    nice: number;
    realtime: boolean;
  };
}

export function median(values: readonly number[]): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

interface Row {
  name: string;
  rps: number;
  rpsMin: number;
  rpsMax: number;
  p50: number;
  p99: number;
  serviceP99: number;
  lagP99: number;
  cpu: number;
  rss: number;
  errors: number;
  v1Share: number;
  foreign: number;
}

function summarize(t: TargetSummary): Row {
  const s = t.samples;
  const rps = s.map((x) => x.wrk.rps);
  const ups = s.reduce<Record<string, number>>((acc, x) => {
    for (const [k, n] of Object.entries(x.load.upstreams)) acc[k] = (acc[k] ?? 0) + n;
    return acc;
  }, {});
  const total = Object.values(ups).reduce((a, b) => a + b, 0);
  return {
    name: t.name,
    rps: median(rps),
    rpsMin: Math.min(...rps),
    rpsMax: Math.max(...rps),
    p50: median(s.map((x) => x.load.p50)),
    p99: median(s.map((x) => x.load.p99)),
    serviceP99: median(s.map((x) => x.load.serviceP99)),
    lagP99: median(s.map((x) => x.load.lagP99)),
    cpu: median(s.map((x) => x.cpuPer10k)),
    rss: Math.max(...s.map((x) => (Number.isNaN(x.peakRssMb) ? -Infinity : x.peakRssMb))),
    errors: s.reduce((a, x) => a + x.wrk.socketErrors + x.wrk.non2xx + x.load.errors + x.load.non2xx, 0),
    v1Share: total > 0 ? (ups.v1 ?? 0) / total : NaN,
    foreign: Math.max(...s.map((x) => x.foreign)),
  };
}

const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : "-");
const pad = (s: string, n: number) => s.padStart(n);

/**
 * Median over rounds of a/b measured in the same round: the machine's state drifts between rounds (±30 % on one
 * process here), and both targets of a pair saw the same state.
 */
function pairedRatio(input: ReportInput, a: string, b: string, pick: (s: Sample) => number): number {
  const sa = input.summaries.find((t) => t.name === a)!.samples;
  const sb = input.summaries.find((t) => t.name === b)!.samples;
  return median(sa.map((x, i) => pick(x) / pick(sb[i]!)));
}

export function printReport(input: ReportInput): void {
  const rows = input.summaries.map(summarize);
  const by = (n: string) => rows.find((r) => r.name === n)!;
  const direct = by("direct");
  const nginx = by("nginx");
  const sb = by("signalbox");
  const plain = by("node-http");
  const { settings: st, machine: m } = input;
  const out: string[] = [];
  out.push("");
  out.push(`Signalbox proxy bench — loopback, ${st.rounds} interleaved rounds, medians`);
  out.push(`machine: ${m.cpu}, ${m.cores} cores, kernel ${m.kernel}; node ${m.node}; nginx ${m.nginx}; wrk ${m.wrk}`);
  out.push(
    `load: wrk -t1 -c${st.connections} -d${st.durationS}s on core 0 (with the upstream nginx); latency: constant ${st.rate} req/s for ${st.durationS}s (after 1 s warm-up), tests/bench/load.ts on core 0`,
  );
  out.push(
    `proxies on core 1: nginx (1 worker, weighted 80/20 upstream, keepalive), node-http (plain node:http proxy, tests/bench/node-http-proxy.ts) and signalbox: ${st.proxyCommand}`,
  );
  out.push(
    `signalbox entry: ${st.proxyEntry}; mode: ${st.mode}; bench processes at nice ${st.nice}${st.realtime ? ", SCHED_FIFO during the latency runs" : ""} (shared machine)`,
  );
  out.push("");
  out.push(
    `${"target".padEnd(14)}${pad("rps", 9)}${pad("(min-max)", 16)}${pad("p50 ms", 9)}${pad("p99 ms", 9)}${pad("svc p99", 9)}${pad("cpu-s/10k", 11)}${pad("peak RSS MB", 13)}${pad("v1 share", 10)}${pad("errors", 8)}${pad("foreign CPU", 13)}`,
  );
  for (const r of rows) {
    out.push(
      `${r.name.padEnd(14)}${pad(f(r.rps, 0), 9)}${pad(`(${f(r.rpsMin, 0)}-${f(r.rpsMax, 0)})`, 16)}${pad(f(r.p50, 3), 9)}${pad(f(r.p99, 3), 9)}${pad(f(r.serviceP99, 3), 9)}` +
        `${pad(f(r.cpu, 3), 11)}${pad(f(r.rss, 1), 13)}${pad(Number.isNaN(r.v1Share) ? "-" : `${(r.v1Share * 100).toFixed(1)}%`, 10)}${pad(String(r.errors), 8)}${pad(`${f(r.foreign * 100, 0)}%`, 13)}`,
    );
  }
  out.push("p50/p99: latency at the constant rate, from each request's scheduled time; svc p99: from the actual send.");
  out.push(
    `foreign CPU: worst share of a core used by other processes during a kept sample (shared machine); ${st.retried} sample(s) re-measured.`,
  );
  out.push(`generator timer lag p99: ${rows.map((r) => `${r.name} ${f(r.lagP99, 3)} ms`).join(", ")}`);
  out.push("");
  out.push("ratios:");
  out.push(
    `  rps        signalbox/nginx ${f(sb.rps / nginx.rps)}   signalbox/direct ${f(sb.rps / direct.rps)}   nginx/direct ${f(nginx.rps / direct.rps)}   signalbox/node-http ${f(sb.rps / plain.rps)}`,
  );
  const rpsPaired = pairedRatio(input, "signalbox", "nginx", (x) => x.wrk.rps);
  const plainPaired = pairedRatio(input, "signalbox", "node-http", (x) => x.wrk.rps);
  out.push(
    `  rps, paired per round (median of the rounds' ratios): signalbox/nginx ${f(rpsPaired)}   signalbox/node-http ${f(plainPaired)}`,
  );
  out.push(
    `  cpu-s/10k  signalbox/nginx ${f(sb.cpu / nginx.cpu)}   (CPU-bound capacity on one core: signalbox ${f(1e4 / sb.cpu, 0)} rps, nginx ${f(1e4 / nginx.cpu, 0)} rps, ratio ${f(nginx.cpu / sb.cpu)})`,
  );
  out.push(
    `  added p99  signalbox ${f(sb.p99 - direct.p99, 3)} ms   nginx ${f(nginx.p99 - direct.p99, 3)} ms (vs direct at ${st.rate} req/s)`,
  );
  if (st.abCommand) {
    const b = by("signalbox-b");
    out.push(`  A/B        signalbox-b: ${st.abCommand}`);
    out.push(
      `  A/B        signalbox-b/signalbox rps, paired per round ${f(
        pairedRatio(input, "signalbox-b", "signalbox", (x) => x.wrk.rps),
        3,
      )}` +
        `   cpu-s/10k paired ${f(
          pairedRatio(input, "signalbox-b", "signalbox", (x) => x.cpuPer10k),
          3,
        )}   p99 ${f(b.p99, 3)} vs ${f(sb.p99, 3)} ms   peak RSS ${f(b.rss, 1)} vs ${f(sb.rss, 1)} MB`,
    );
  }
  const sbTls = rows.find((r) => r.name === "signalbox-tls");
  const nginxTls = rows.find((r) => r.name === "nginx-tls");
  let tlsLines: string[] = [];
  if (sbTls && nginxTls) {
    const hs = (name: string) =>
      median(input.summaries.find((t) => t.name === name)!.samples.map((x) => x.handshakesPerS ?? NaN));
    const tlsPaired = pairedRatio(input, "signalbox-tls", "nginx-tls", (x) => x.wrk.rps);
    const hsPaired = pairedRatio(input, "signalbox-tls", "nginx-tls", (x) => x.handshakesPerS ?? NaN);
    out.push(
      `  https      signalbox-tls/nginx-tls rps, paired per round ${f(tlsPaired)}   added p99 (vs direct, plain HTTP) signalbox-tls ${f(sbTls.p99 - direct.p99, 3)} ms   nginx-tls ${f(nginxTls.p99 - direct.p99, 3)} ms`,
    );
    out.push(
      `  https      handshakes/s (Connection: close) signalbox-tls ${f(hs("signalbox-tls"), 0)}   nginx-tls ${f(hs("nginx-tls"), 0)}   paired ratio ${f(hsPaired)}`,
    );
    tlsLines = [
      `proxy/nginx https rps ratio: ${f(tlsPaired)}`,
      `proxy https added p99 at ${st.rate} rps: ${f(sbTls.p99 - direct.p99)} ms`,
      `proxy https handshakes per second: ${f(hs("signalbox-tls"), 0)} (nginx ${f(hs("nginx-tls"), 0)})`,
    ];
  }
  out.push(`  added p50  signalbox ${f(sb.p50 - direct.p50, 3)} ms   nginx ${f(nginx.p50 - direct.p50, 3)} ms`);
  // Throughput and tail latency mean nothing while neighbours hog the cores; peak RSS does not care.
  const noisy = rows.some((r) => r.foreign > 0.15);
  const verdict = (ok: boolean, robust = false) =>
    noisy && !robust ? `${ok ? "met" : "NOT met"} (unreliable: machine busy)` : ok ? "met" : "NOT met";
  const targets = [
    `rps ratio ≥ 0.35: ${verdict(rpsPaired >= 0.35)}`,
    `beats the plain node:http proxy: ${verdict(plainPaired > 1)}`,
    `added p99 ≤ 1 ms: ${verdict(sb.p99 - direct.p99 <= 1)}`,
    `peak RSS < 100 MB: ${verdict(sb.rss < 100, true)}`,
  ];
  out.push(`targets: ${targets.join("; ")}`);
  if (rows.some((r) => r.foreign > 0.15))
    out.push("WARNING: other processes used >15% of a core during some kept samples: those numbers are noisy.");
  if (rows.some((r) => r.errors > 0))
    out.push("WARNING: some runs had errors or non-2xx responses (see the errors column): numbers are suspect.");
  out.push("");
  out.push(`proxy/nginx rps ratio: ${f(rpsPaired)}`);
  out.push(`proxy added p99 at ${st.rate} rps: ${f(sb.p99 - direct.p99)} ms`);
  out.push(`proxy cpu-s per 10k: ${f(sb.cpu)}`);
  out.push(...tlsLines);
  process.stdout.write(`${out.join("\n")}\n`);
}
