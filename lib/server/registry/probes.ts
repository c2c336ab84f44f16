import "server-only";
import net from "node:net";
import type { HealthStatus } from "@/lib/core/index.ts";

export interface ProbeResult {
  status: HealthStatus;
  output: string;
}

/** Consul's HTTP check: 2xx passing, 429 warning, anything else (or no answer within the timeout) critical. */
export async function httpProbe(url: string, method: string, timeoutMs: number): Promise<ProbeResult> {
  try {
    const res = await fetch(url, { method, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
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
  return new Promise((resolve) => {
    const socket = net.connect({ host: m[1], port: Number(m[2]) });
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
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
