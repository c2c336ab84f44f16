import type { Dispatcher } from "undici";
import type { Logger } from "../log.ts";
import type { ClusterRuntime } from "../upstream/clusters.ts";
import type { AttemptOwner, Body } from "./attempt.ts";
import { H2Attempt } from "./h2-attempt.ts";
import type { RawHeaders } from "../headers/ops.ts";

const MIRROR_TIMEOUT_MS = 10_000;

/**
 * Fire-and-forget copy of a request (Istio mirroring): Host gets "-shadow" appended, the response is drained
 * and discarded, failures are only logged. Only requests without a body or with a buffered one are mirrored. The
 * copy goes in the mirror cluster's protocol: HTTP/2 (a stream on the endpoint's session) for HTTP2/GRPC ports.
 */
export function startMirror(
  runtime: ClusterRuntime,
  o: { method: string; path: string; headers: RawHeaders; body: Body; random: number },
  log: Logger,
): void {
  const ep = runtime.balancer.pick(runtime.endpoints, { hashKey: undefined, random: o.random, now: Date.now() });
  if (!ep || o.body.kind === "stream") return;
  const headers: RawHeaders = [];
  let host = runtime.cluster.host;
  for (let i = 0; i < o.headers.length; i += 2) {
    if (o.headers[i]!.toLowerCase() === "host") host = o.headers[i + 1]!;
    else headers.push(o.headers[i]!, o.headers[i + 1]!);
  }
  headers.push("host", `${host}-shadow`);
  if (runtime.http2For(undefined)) {
    const discard: AttemptOwner = {
      onResponse: () => true,
      onFailure: (_a, r) => log.debug("mirror request failed", { cluster: runtime.name, error: r.reason }),
      write: () => true,
      end: () => undefined,
    };
    new H2Attempt(discard, ep, ep.settings.tls ? "https" : "http").start(
      o.method,
      o.path,
      headers,
      o.body,
      MIRROR_TIMEOUT_MS,
    );
    return;
  }
  const handler = {
    onConnect() {},
    onHeaders: () => true,
    onData: () => true,
    onComplete() {},
    onError: (e: Error) => log.debug("mirror request failed", { cluster: runtime.name, error: String(e) }),
  };
  const opts: Dispatcher.DispatchOptions = {
    method: o.method as Dispatcher.HttpMethod,
    path: o.path,
    headers,
    body: o.body.kind === "buffered" ? o.body.data : null,
    headersTimeout: MIRROR_TIMEOUT_MS,
    bodyTimeout: MIRROR_TIMEOUT_MS,
  };
  ep.pool.dispatch(opts, handler as unknown as Dispatcher.DispatchHandler);
}
