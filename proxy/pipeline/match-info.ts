import type { IncomingMessage } from "node:http";
import { parseQuery, type RequestInfo } from "../../lib/core/routing/index.ts";

/**
 * matchRequest's view of the request. A class with a prototype getter, not an object literal with one: `headers`
 * is built by node only if a header match asks for it, and per-request literals with getters made V8 promote
 * them out of the young generation (proxy/README.md, Performance).
 */
export class MatchInfo implements RequestInfo {
  constructor(
    private readonly req: IncomingMessage,
    readonly host: string,
    /** Path without the query string. */
    readonly path: string,
    readonly query: Record<string, string> | null,
  ) {}

  get method(): string {
    return this.req.method ?? "GET";
  }

  get headers(): IncomingMessage["headers"] {
    return this.req.headers;
  }
}

/** The view of `req` under its Host value `host`; the query string is parsed only when `withQuery`. */
export function matchInfoOf(req: IncomingMessage, host: string, withQuery: boolean): MatchInfo {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  if (q === -1) return new MatchInfo(req, host, url, null);
  return new MatchInfo(req, host, url.slice(0, q), withQuery ? parseQuery(url.slice(q + 1)) : null);
}
