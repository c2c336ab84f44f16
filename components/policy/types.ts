import type { ApiIssue } from "@/lib/core/api/index.ts";
import type { Fault, RetryPolicy, RouteRule, StringMatch, TrafficPolicy, UriMatch } from "@/lib/core/index.ts";

/** Every editor reports a whole new value; `key` lets typing in one field coalesce into one undo step. */
export type Change<T> = (next: T, key?: string) => void;

/**
 * Props shared by the policy editors. `value` undefined = the feature is off.
 * `issues` are relative to `value` (path ['attempts'], not ['routes',0,'rules',1,'retries','attempts']).
 */
export interface PolicyProps<T> {
  value: T | undefined;
  onChange: Change<T | undefined>;
  issues: readonly ApiIssue[];
  idPrefix: string;
  disabled?: boolean;
}

export type { Fault, RetryPolicy, StringMatch, TrafficPolicy, UriMatch };
export type RetryOn = RetryPolicy["retryOn"][number];
export type FaultDelay = NonNullable<Fault["delay"]>;
export type FaultAbort = NonNullable<Fault["abort"]>;
export type Rewrite = NonNullable<RouteRule["rewrite"]>;
export type Redirect = NonNullable<RouteRule["redirect"]>;
export type DirectResponse = NonNullable<RouteRule["directResponse"]>;
export type HeaderOps = NonNullable<RouteRule["requestHeaders"]>;
export type Mirror = NonNullable<RouteRule["mirror"]>;
export type CorsPolicy = NonNullable<RouteRule["cors"]>;
export type ConnectionPool = NonNullable<TrafficPolicy["connectionPool"]>;
export type OutlierDetection = NonNullable<TrafficPolicy["outlierDetection"]>;
export type HealthCheck = NonNullable<TrafficPolicy["healthCheck"]>;
export type HashOn = Extract<NonNullable<TrafficPolicy["loadBalancer"]>, { type: "CONSISTENT_HASH" }>["hashOn"];

/** The rule-level features the RulePolicyPanel edits. */
export type RulePolicy = Pick<
  RouteRule,
  | "timeoutMs"
  | "retries"
  | "fault"
  | "rewrite"
  | "redirect"
  | "directResponse"
  | "requestHeaders"
  | "responseHeaders"
  | "mirror"
  | "cors"
>;

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export const RETRY_ON: readonly RetryOn[] = ["5xx", "gateway-error", "connect-failure", "reset", "retriable-4xx"];
