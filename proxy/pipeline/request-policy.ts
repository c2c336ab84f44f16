import { DEFAULT_PATH_POLICY, type PathPolicy } from "../../lib/core/routing/index.ts";

/** How the pipeline treats what a client sends, beyond the routes: one per proxy, from its flags. */
export interface RequestPolicy {
  /** Path normalization before matching (`--path-normalization`, `--escaped-slashes`). */
  paths: PathPolicy;
  /** Envoy's `xff_num_trusted_hops` (`--xff-trusted-hops`): proxies in front whose X-Forwarded-For is believed. */
  xffTrustedHops: number;
  /** A request body that sends nothing for this long is answered 408 (or cut once a response is under way). */
  bodyIdleTimeoutMs: number;
  /** A tunnelled upgrade (WebSocket) with no traffic either way for this long is closed. */
  upgradeIdleTimeoutMs: number;
}

/** nginx's `client_body_timeout`: a body that stalls for a minute is a slow client, not a slow network. */
export const DEFAULT_BODY_IDLE_TIMEOUT_MS = 60_000;
/** Envoy's `stream_idle_timeout` default (5 min), which applies to upgraded streams too. */
export const DEFAULT_UPGRADE_IDLE_TIMEOUT_MS = 300_000;

export const DEFAULT_REQUEST_POLICY: RequestPolicy = {
  paths: DEFAULT_PATH_POLICY,
  xffTrustedHops: 0,
  bodyIdleTimeoutMs: DEFAULT_BODY_IDLE_TIMEOUT_MS,
  upgradeIdleTimeoutMs: DEFAULT_UPGRADE_IDLE_TIMEOUT_MS,
};
