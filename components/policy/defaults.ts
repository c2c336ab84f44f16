import type { Service } from "@/lib/core/index.ts";
import type {
  ConnectionPool,
  CorsPolicy,
  DirectResponse,
  FaultAbort,
  FaultDelay,
  HashOn,
  HeaderOps,
  HealthCheck,
  Mirror,
  OutlierDetection,
  Redirect,
  RetryPolicy,
  Rewrite,
} from "./types.ts";

/** What a feature gets when its toggle is switched on. Every value parses with the model's schema. */

/** Envoy's default route timeout. */
export const DEFAULT_TIMEOUT_MS = 15_000;

export const defaultRetries = (): RetryPolicy => ({
  attempts: 2,
  retryOn: ["5xx", "connect-failure", "reset"],
  backoffBaseMs: 25,
  maxBufferedBodyBytes: 64 * 1024,
});

export const defaultDelay = (): FaultDelay => ({ percent: 10, fixedDelayMs: 1_000 });
export const defaultAbort = (): FaultAbort => ({ percent: 10, httpStatus: 503 });

export const defaultRewrite = (): Rewrite => ({ uriPrefix: "/" });
/** The classic "move to HTTPS". */
export const defaultRedirect = (): Redirect => ({ scheme: "https", responseCode: 301 });
export const defaultDirectResponse = (): DirectResponse => ({ status: 503, body: "" });
export const defaultHeaderOps = (): HeaderOps => ({ set: {}, add: {}, remove: [] });

/** Mirrors to the first version of the first service other than `exclude` (falls back to the first service). */
export function defaultMirror(services: readonly Pick<Service, "name" | "versions">[], exclude?: string): Mirror {
  const s = services.find((x) => x.name !== exclude && x.versions.length > 0) ?? services[0];
  return { service: s?.name ?? "service", version: s?.versions[0]?.name ?? "v1", percent: 10 };
}

export const defaultCors = (): CorsPolicy => ({
  allowOrigins: [{ type: "exact", value: "https://example.com" }],
  allowMethods: ["GET", "POST"],
  allowHeaders: [],
  exposeHeaders: [],
  maxAgeSeconds: 86_400,
});

export const defaultHashOn = (kind: HashOn["kind"] = "header"): HashOn =>
  kind === "sourceIp" ? { kind } : { kind, name: kind === "header" ? "x-user" : "session" };

export const defaultConnectionPool = (): ConnectionPool => ({ maxConnections: 1024, maxPendingRequests: 1024 });

export const defaultOutlierDetection = (): OutlierDetection => ({
  consecutiveErrors: 5,
  intervalMs: 10_000,
  baseEjectionMs: 30_000,
  maxEjectionPercent: 10,
});

export const defaultHealthCheck = (): HealthCheck => ({
  path: "/healthz",
  intervalMs: 5_000,
  timeoutMs: 1_000,
  unhealthyThreshold: 3,
  healthyThreshold: 2,
});
