import type { IncomingMessage, ServerResponse } from "node:http";
import type { CompiledRule } from "../../lib/core/index.ts";
import {
  redirectLocation,
  replacePrefix,
  testString,
  type CompiledMatch,
  type RouteEntry,
} from "../../lib/core/routing/index.ts";
import { sendText } from "./respond.ts";

/**
 * Stages that may answer without an upstream: fault delay (then continue), fault abort, direct response, redirect.
 * Returns true when the response was sent (or the client left during the delay). `url` is the normalized path and
 * query the pipeline routed by (a redirect keeps them); the request's own target by default. `selected` is the match
 * that selected the request (a prefix redirect replaces its prefix); `listenerPort` the gateway listener's port
 * (default: the local port the request came to).
 */
export async function ruleShortCircuit(
  rule: CompiledRule,
  req: IncomingMessage,
  res: ServerResponse,
  random: () => number,
  cancel: { aborted: boolean },
  url: string = req.url ?? "/",
  selected: CompiledMatch | null = null,
  listenerPort?: number,
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
    const q = url.indexOf("?");
    const location = redirectLocation(rule.redirect, {
      host: req.headers.host ?? "",
      path: q === -1 ? url : url.slice(0, q),
      query: q === -1 ? "" : url.slice(q),
      selected,
      listenerPort: listenerPort ?? req.socket?.localPort ?? 80,
      scheme: (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true ? "https" : "http",
    });
    sendText(res, rule.redirect.responseCode, "", { location });
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
 * The upstream path under the rule's uri rewrite (lib/core/routing/rewrite.ts). `selected` is the selecting match
 * (selectingMatch()); callers that only know the path may omit it, and the first match whose uri holds for the path
 * stands in for it.
 */
export function rewritePath(
  entry: RouteEntry,
  path: string,
  replacement: string,
  selected?: CompiledMatch | null,
): string {
  const match =
    selected !== undefined ? selected : (entry.matches.find((m) => m.uri === null || testString(m.uri, path)) ?? null);
  return replacePrefix(match, path, replacement);
}
