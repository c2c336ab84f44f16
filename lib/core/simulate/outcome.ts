import type { SimulatedDestination, Verdict } from "../api/simulate.ts";
import { selectingMatch, type RequestInfo } from "../routing/match.ts";
import { testString } from "../routing/matchers.ts";
import { redirectLocation, rewrittenPath } from "../routing/rewrite.ts";
import type { RouteEntry, RouteTable } from "../routing/table.ts";
import { pickWeighted } from "../routing/weighted.ts";

/**
 * What the proxy does with a request once a rule took it, in the order of its lifecycle (proxy/README.md):
 * CORS preflight, fault delay and abort, direct response, redirect, else the weighted pick and forward. Redirect
 * and rewrite arithmetic is lib/core/routing/rewrite.ts, the proxy's own; tests/integration/simulate-agreement.test.ts
 * sends the golden cases through the real proxy to keep the rest equal.
 */

const EMPTY: Omit<Verdict, "kind" | "status" | "summary"> = {
  destinations: [],
  picked: null,
  upstreamPath: null,
  upstreamAuthority: null,
  location: null,
  body: null,
  fault: null,
  timeoutMs: null,
  retries: null,
  mirrors: [],
};

export function noRoute(summary: string): Verdict {
  return { ...EMPTY, kind: "no-route", status: 404, summary };
}

export function rejected(reason: string): Verdict {
  return { ...EMPTY, kind: "rejected", status: 400, summary: `refused before routing: ${reason}` };
}

export interface Received {
  info: RequestInfo;
  /** Normalized path, and the query string ("?…" or "") as received. */
  path: string;
  query: string;
}

function destinations(table: RouteTable, entry: RouteEntry): SimulatedDestination[] {
  const total = entry.cumulative[entry.cumulative.length - 1] ?? 0;
  return entry.rule.destinations.map((d) => {
    const c = table.clusters.get(d.cluster);
    return {
      cluster: d.cluster,
      service: c?.service ?? d.cluster.split("/")[0]!,
      version: c?.version ?? d.cluster.split("/")[1] ?? "",
      weight: d.weight,
      percent: total > 0 ? Math.round((d.weight / total) * 10_000) / 100 : 0,
      endpoints: c?.endpoints.length ?? 0,
    };
  });
}

/** A CORS preflight on a rule with a CORS policy: the proxy answers it (with CORS headers only for allowed origins). */
function preflight(entry: RouteEntry, r: Received): "allowed" | "refused" | null {
  const origin = r.info.headers.origin;
  if (entry.corsOrigins === null || typeof origin !== "string") return null;
  if (r.info.method !== "OPTIONS" || r.info.headers["access-control-request-method"] === undefined) return null;
  return entry.corsOrigins.some((m) => testString(m, origin)) ? "allowed" : "refused";
}

function faultOf(entry: RouteEntry): Verdict["fault"] {
  const f = entry.rule.fault;
  if (!f || (!f.delay && !f.abort)) return null;
  return {
    ...(f.delay ? { delay: { percent: f.delay.percent, fixedDelayMs: f.delay.fixedDelayMs } } : {}),
    ...(f.abort ? { abort: { percent: f.abort.percent, httpStatus: f.abort.httpStatus } } : {}),
  };
}

function faultNote(fault: Verdict["fault"]): string {
  if (fault === null) return "";
  const parts: string[] = [];
  if (fault.delay) parts.push(`${fault.delay.percent}% delayed ${fault.delay.fixedDelayMs} ms`);
  if (fault.abort && fault.abort.percent < 100)
    parts.push(`${fault.abort.percent}% aborted with ${fault.abort.httpStatus}`);
  return parts.length > 0 ? ` (fault injection: ${parts.join(", ")})` : "";
}

/** The verdict for a request that `entry` took; `random` selects the destination as the proxy's draw would. */
export function outcome(
  table: RouteTable,
  entry: RouteEntry,
  r: Received,
  random: number | undefined,
  listenerPort: number | null,
): Verdict {
  const rule = entry.rule;
  const fault = faultOf(entry);
  const common = {
    ...EMPTY,
    fault,
    timeoutMs: rule.timeoutMs ?? null,
    retries: rule.retries ? { attempts: rule.retries.attempts, retryOn: rule.retries.retryOn } : null,
  };
  const note = faultNote(fault);
  const pre = preflight(entry, r);
  if (pre !== null)
    return {
      ...common,
      kind: "cors-preflight",
      status: 204,
      summary:
        pre === "allowed"
          ? "CORS preflight answered by the proxy (204)"
          : "CORS preflight from an origin the policy does not allow: answered by the proxy (204) without CORS headers",
    };
  if (fault?.abort && fault.abort.percent >= 100) {
    const status = fault.abort.httpStatus;
    return { ...common, kind: "fault-abort", status, summary: `fault injection aborts every request with ${status}` };
  }
  if (rule.directResponse) {
    const { status, body } = rule.directResponse;
    return { ...common, kind: "direct-response", status, body, summary: `direct response ${status}${note}` };
  }
  if (rule.redirect) {
    const rd = rule.redirect;
    const location = redirectLocation(rd, {
      host: r.info.host,
      path: r.path,
      query: r.query,
      selected: selectingMatch(entry, r.info),
      // As the proxy: the table's listener port, else the port the request came to.
      listenerPort: table.listenerPort ?? listenerPort ?? 80,
    });
    const summary = `redirect ${rd.responseCode} to ${location}${note}`;
    return { ...common, kind: "redirect", status: rd.responseCode, location, summary };
  }
  const dests = destinations(table, entry);
  const idx = random === undefined ? -1 : pickWeighted(entry.cumulative, random);
  const picked = idx === -1 ? null : (entry.clusters[idx] ?? null);
  const rw = rule.rewrite;
  const upstreamPath = (rw ? rewrittenPath(rw, selectingMatch(entry, r.info), r.path) : r.path) + r.query;
  const live = dests.filter((d) => d.weight > 0).map((d) => `${d.cluster} ${d.percent}%`);
  const to = picked ?? (live.length > 0 ? live.join(", ") : "no destination (503)");
  return {
    ...common,
    kind: "forward",
    status: null,
    destinations: dests,
    picked,
    upstreamPath,
    upstreamAuthority: rw?.authority ?? r.info.host,
    mirrors: [rule.mirror, ...(rule.extraMirrors ?? [])].flatMap((m) =>
      m ? [{ cluster: m.cluster, percent: m.percent }] : [],
    ),
    summary: `forward to ${to}${note}`,
  };
}
