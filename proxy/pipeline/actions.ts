import type { IncomingMessage, ServerResponse } from "node:http";
import type { CompiledRule } from "../../lib/core/index.ts";
import { MatchKind, testString, type CompiledMatch, type RouteEntry } from "../../lib/core/routing/index.ts";
import { sendText } from "./respond.ts";

/**
 * Stages that may answer without an upstream: fault delay (then continue), fault abort, direct response, redirect.
 * Returns true when the response was sent (or the client left during the delay). `url` is the normalized path and
 * query the pipeline routed by (a redirect keeps them); the request's own target by default.
 */
export async function ruleShortCircuit(
  rule: CompiledRule,
  req: IncomingMessage,
  res: ServerResponse,
  random: () => number,
  cancel: { aborted: boolean },
  url: string = req.url ?? "/",
): Promise<boolean> {
  const fault = rule.fault;
  if (fault?.delay && fault.delay.fixedDelayMs > 0 && random() * 100 < fault.delay.percent) {
    await delay(fault.delay.fixedDelayMs, res);
    if (cancel.aborted || res.destroyed) return true;
  }
  if (fault?.abort && random() * 100 < fault.abort.percent) {
    sendText(res, fault.abort.httpStatus, "fault filter abort\n", { "x-signalbox-fault": "abort" });
    return true;
  }
  if (rule.directResponse) {
    sendText(res, rule.directResponse.status, rule.directResponse.body);
    return true;
  }
  if (rule.redirect) {
    const r = rule.redirect;
    const host = r.authority ?? req.headers.host ?? "";
    // Envoy's path_redirect: `uri` replaces the path only; the query string is kept.
    const q = url.indexOf("?");
    const target = r.uri === undefined ? url : q === -1 ? r.uri : r.uri + url.slice(q);
    const location = `${r.scheme ?? "http"}://${host}${target}`;
    sendText(res, r.responseCode, "", { location });
    return true;
  }
  return false;
}

/** Resolves after `ms`, or early when the client closes the connection. */
function delay(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      res.off("close", done);
      resolve();
    };
    const t = setTimeout(done, ms);
    res.once("close", done);
  });
}

/**
 * Istio's uri rewrite: when the match that selected the request is a uri prefix match, that prefix is
 * replaced; with an exact or regex uri match (or none) the whole path is replaced.
 * `selected` is the selecting match (selectingMatch()); callers that only know the path may omit it,
 * and the first match whose uri holds for the path stands in for it.
 */
export function rewritePath(
  entry: RouteEntry,
  path: string,
  replacement: string,
  selected?: CompiledMatch | null,
): string {
  const match =
    selected !== undefined ? selected : (entry.matches.find((m) => m.uri === null || testString(m.uri, path)) ?? null);
  const uri = match?.uri;
  if (uri?.kind === MatchKind.Prefix && path.startsWith(uri.value)) return replacement + path.slice(uri.value.length);
  return replacement;
}
