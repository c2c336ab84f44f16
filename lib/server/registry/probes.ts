import "server-only";
import dns from "node:dns";
import net from "node:net";
import { Agent, fetch } from "undici";
import { refusedCheckAddress, type HealthStatus } from "@/lib/core/index.ts";
import { env } from "@/lib/server/env.ts";

export interface ProbeResult {
  status: HealthStatus;
  output: string;
}

type LookupAll = (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void;

/**
 * dns.lookup that fails for addresses a check may not reach (refusedCheckAddress). It runs when the socket connects,
 * on the very address connected to, so a name that resolves differently the second time (DNS rebinding) gains nothing.
 */
function guardedLookup(
  hostname: string,
  options: dns.LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void,
): void {
  const done: LookupAll = (err, addresses) => {
    if (err) return callback(err, "");
    const allowed = env().SIGNALBOX_CHECK_ALLOW_LINK_LOCAL === "1";
    const refused = allowed ? null : addresses.map((a) => refusedCheckAddress(a.address)).find((r) => r !== null);
    if (refused) return callback(Object.assign(new Error(`refused: ${refused}`), { code: "EREFUSEDTARGET" }), "");
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  };
  dns.lookup(hostname, { ...options, all: true }, done);
}

/** net.connect checks IP literals without calling lookup: they are judged here. */
function refusedLiteral(host: string): string | null {
  if (env().SIGNALBOX_CHECK_ALLOW_LINK_LOCAL === "1") return null;
  const bare = host.replace(/^\[|\]$/g, "");
  return net.isIP(bare) ? refusedCheckAddress(bare) : null;
}

const agent = new Agent({ connect: { lookup: guardedLookup } });

/** Consul's HTTP check: 2xx passing, 429 warning, anything else (or no answer within the timeout) critical. */
export async function httpProbe(url: string, method: string, timeoutMs: number): Promise<ProbeResult> {
  try {
    const refused = refusedLiteral(new URL(url).hostname);
    if (refused) return { status: "critical", output: `HTTP ${method} ${url}: refused: ${refused}` };
    const res = await fetch(url, {
      method,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      dispatcher: agent,
    });
    const body = (await res.text().catch(() => "")).slice(0, 512);
    const status: HealthStatus =
      res.status >= 200 && res.status < 300 ? "passing" : res.status === 429 ? "warning" : "critical";
    return { status, output: `HTTP ${method} ${url}: ${res.status} ${res.statusText} Output: ${body}` };
  } catch (error) {
    const reason =
      error instanceof Error && error.name === "TimeoutError" ? `timed out after ${timeoutMs}ms` : describe(error);
    return { status: "critical", output: `HTTP ${method} ${url}: ${reason}` };
  }
}

/** Consul's TCP check: passing when a connection opens within the timeout. */
export function tcpProbe(target: string, timeoutMs: number): Promise<ProbeResult> {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
  if (!m) return Promise.resolve({ status: "critical", output: `TCP connect ${target}: not host:port` });
  const refused = refusedLiteral(m[1]!);
  if (refused) return Promise.resolve({ status: "critical", output: `TCP connect ${target}: refused: ${refused}` });
  return new Promise((resolve) => {
    const socket = net.connect({ host: m[1], port: Number(m[2]), lookup: guardedLookup });
    const done = (r: ProbeResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(
      () => done({ status: "critical", output: `TCP connect ${target}: timed out after ${timeoutMs}ms` }),
      timeoutMs,
    );
    socket.once("connect", () => done({ status: "passing", output: `TCP connect ${target}: Success` }));
    socket.once("error", (e) => done({ status: "critical", output: `TCP connect ${target}: ${e.message}` }));
  });
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.message?.startsWith("refused:")
    ? cause.message
    : (cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)));
}
