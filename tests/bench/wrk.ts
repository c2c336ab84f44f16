import { startPinned, stopChild } from "./procs.ts";

export interface WrkOptions {
  wrkBin: string;
  cpu: number;
  port: number;
  host: string;
  threads: number;
  connections: number;
  durationS: number;
  /** HTTPS (wrk does not verify the certificate). */
  tls?: boolean;
  /** `Connection: close` on every request: a new connection (and TLS handshake) per request. */
  close?: boolean;
}

export interface WrkResult {
  rps: number;
  requests: number;
  non2xx: number;
  socketErrors: number;
  /** wrk's own latency percentiles (ms) under saturation: context only, not the 1000 rps figure. */
  p50: number;
  p99: number;
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === "us" ? n / 1_000 : unit === "s" ? n * 1_000 : unit === "m" ? n * 60_000 : n;
}

export function parseWrk(out: string): WrkResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const total = /(\d+) requests in/.exec(out);
  if (!rps || !total) throw new Error(`could not parse wrk output:\n${out}`);
  const pct = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, "m").exec(out);
    return m ? toMs(m[1]!, m[2]!) : NaN;
  };
  const errs = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: Number(rps[1]),
    requests: Number(total[1]),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    socketErrors: errs ? errs.slice(1).reduce((s, x) => s + Number(x), 0) : 0,
    p50: pct("50"),
    p99: pct("99"),
  };
}

/** One bounded wrk run pinned to `cpu`; killed if it overstays its duration by 15 s. */
export async function runWrk(o: WrkOptions): Promise<WrkResult> {
  const args = [
    `-t${o.threads}`,
    `-c${o.connections}`,
    `-d${o.durationS}s`,
    "--timeout",
    "2s",
    "--latency",
    "-H",
    `Host: ${o.host}`,
    ...(o.close ? ["-H", "Connection: close"] : []),
    `${o.tls ? "https" : "http"}://127.0.0.1:${o.port}/`,
  ];
  const child = startPinned(o.cpu, o.wrkBin, args);
  const guard = setTimeout(() => void stopChild(child.proc, 1_000), (o.durationS + 15) * 1_000);
  const code = await new Promise<number | null>((resolve) => child.proc.once("close", (c) => resolve(c)));
  clearTimeout(guard);
  if (code !== 0) throw new Error(`wrk exited with ${code}:\n${child.output()}`);
  return parseWrk(child.output());
}
