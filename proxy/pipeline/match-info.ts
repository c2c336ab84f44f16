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
    /** The normalized path, without the query string. */
    readonly path: string,
    readonly query: Record<string, string> | null,
    /** The gateway listener port the request came in on; set only when some rule matches on it. */
    readonly port?: number,
  ) {}

  get method(): string {
    return this.req.method ?? "GET";
  }

  get headers(): IncomingMessage["headers"] {
    return this.req.headers;
  }
}

/**
 * The view of `req` under its Host `host` and normalized `path`; `query` ("?…" or "") is parsed only when
 * `withQuery`; `port` is the gateway listener port, for rules that match on it.
 */
export function matchInfoOf(
  req: IncomingMessage,
  host: string,
  path: string,
  query: string,
  withQuery: boolean,
  port?: number,
): MatchInfo {
  return new MatchInfo(req, host, path, withQuery && query !== "" ? parseQuery(query.slice(1)) : null, port);
}
