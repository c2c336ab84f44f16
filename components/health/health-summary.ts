import type { EndpointHealthResponse } from "@/lib/core/api/index.ts";

/** One endpoint as one proxy reported it. */
export type HealthRow = EndpointHealthResponse["nodes"][number]["endpoints"][number] & { node: string };

/**
 * The summary, in words that agree with the Proxies table above it. Each proxy reports every endpoint it sends to,
 * so the rows are (proxy, endpoint) reports, not endpoints. The console keeps a report for 30 s and a proxy reports
 * only with traffic or when its endpoints' health changes, so an idle proxy (the demo's reviews/v3 sidecar) is
 * listed in the table but in no report here: the summary names it instead of counting fewer proxies unexplained.
 */
export function healthSummary(
  rows: readonly HealthRow[],
  reporting: readonly string[],
  listed: readonly string[],
): string {
  if (rows.length === 0) return "No proxy has reported endpoint health yet.";
  const healthy = rows.filter((r) => r.state === "healthy").length;
  const endpoints = new Set(rows.map((r) => `${r.cluster}|${r.address}:${r.port}`)).size;
  const silent = listed.filter((id) => !reporting.includes(id));
  const seenBy = silent.length
    ? `${reporting.length} of ${reporting.length + silent.length} proxies`
    : plural(reporting.length, "proxy", "proxies");
  const names = silent.length > 3 ? plural(silent.length, "proxy", "proxies") : silent.join(", ");
  const idle = silent.length ? `; no report from ${names} in the last 30 s (an idle proxy reports only changes)` : "";
  return `${healthy} of ${plural(rows.length, "endpoint report", "endpoint reports")} healthy: ${plural(endpoints, "endpoint", "endpoints")} seen by ${seenBy}${idle}.`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
