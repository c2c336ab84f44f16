import type { LoadBalancer, RouteRule } from "@/lib/core/index.ts";
import { formatMs } from "./number.ts";
import type { Fault, HeaderOps, RulePolicy, TrafficPolicy } from "./types.ts";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const pct = (n: number) => `${n}%`;

export function faultSummary(f: Fault): string {
  const parts: string[] = [];
  if (f.delay) parts.push(`${pct(f.delay.percent)} delay ${formatMs(f.delay.fixedDelayMs)}`);
  if (f.abort) parts.push(`${pct(f.abort.percent)} abort ${f.abort.httpStatus}`);
  return parts.length ? `fault ${parts.join(", ")}` : "fault (none)";
}

export function headerOpsSummary(label: string, h: HeaderOps): string {
  const set = Object.keys(h.set).length;
  const add = Object.keys(h.add).length;
  const parts = [
    set ? `set ${set}` : "",
    add ? `add ${add}` : "",
    h.remove.length ? `remove ${h.remove.length}` : "",
  ].filter(Boolean);
  return `${label} ${parts.join(" ") || "(none)"}`;
}

/** One line for a rule's policies: "timeout 2 s · 3 retries · fault 10% abort 503". */
/** Extra mirrors (from imports) have no editor section but are summarized, so the panel never hides them. */
export function policySummary(p: RulePolicy & Pick<RouteRule, "extraMirrors">): string {
  const parts: string[] = [];
  if (p.timeoutMs !== undefined) parts.push(`timeout ${formatMs(p.timeoutMs)}`);
  if (p.retries) parts.push(p.retries.attempts === 0 ? "no retries" : plural(p.retries.attempts, "retry", "retries"));
  if (p.fault) parts.push(faultSummary(p.fault));
  if (p.rewrite)
    parts.push(
      `rewrite ${[p.rewrite.uriPrefix, p.rewrite.authority].filter((x) => x !== undefined).join(" @") || "(none)"}`,
    );
  if (p.redirect) {
    const r = p.redirect;
    const to =
      r.authority || r.uri ? `${r.scheme ? `${r.scheme}://` : ""}${r.authority ?? ""}${r.uri ?? ""}` : (r.scheme ?? "");
    parts.push(`redirect ${r.responseCode}${to ? ` → ${to}` : ""}`);
  }
  if (p.directResponse) parts.push(`respond ${p.directResponse.status}`);
  if (p.requestHeaders) parts.push(headerOpsSummary("request headers", p.requestHeaders));
  if (p.responseHeaders) parts.push(headerOpsSummary("response headers", p.responseHeaders));
  if (p.mirror) parts.push(`mirror ${pct(p.mirror.percent)} → ${p.mirror.service}/${p.mirror.version}`);
  for (const m of p.extraMirrors ?? []) parts.push(`mirror ${pct(m.percent)} → ${m.service}/${m.version}`);
  if (p.cors) parts.push(`CORS ${plural(p.cors.allowOrigins.length, "origin")}`);
  return parts.join(" · ") || "no policies";
}

export function loadBalancerSummary(lb: LoadBalancer): string {
  if (lb.type !== "CONSISTENT_HASH") return lb.type.toLowerCase().replace("_", " ");
  return `consistent hash on ${lb.hashOn.kind === "sourceIp" ? "source IP" : `${lb.hashOn.kind} ${lb.hashOn.name}`}`;
}

/** "least request · pool 100 conns · eject after 5 errors · health /healthz every 5 s". */
export function trafficPolicySummary(tp: TrafficPolicy | undefined): string {
  if (!tp) return "defaults (round robin)";
  const parts: string[] = [];
  if (tp.loadBalancer) parts.push(loadBalancerSummary(tp.loadBalancer));
  const cp = tp.connectionPool;
  if (cp) parts.push(cp.maxConnections !== undefined ? `pool ${plural(cp.maxConnections, "conn")}` : "pool limits");
  if (tp.outlierDetection) parts.push(`eject after ${plural(tp.outlierDetection.consecutiveErrors, "error")}`);
  if (tp.healthCheck) parts.push(`health ${tp.healthCheck.path} every ${formatMs(tp.healthCheck.intervalMs)}`);
  return parts.join(" · ") || "defaults (round robin)";
}
