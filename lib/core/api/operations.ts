import { z } from "zod";
import { AckSchema, NackSchema, SnapshotPollQuerySchema } from "../protocol/xds.ts";
import { MetricsBatchSchema } from "../protocol/metrics.ts";
import { SnapshotSchema } from "../snapshot/schema.ts";
import { LoginRequestSchema, MeResponseSchema, type Permission } from "./auth.ts";
import { AuditListResponseSchema, AuditQuerySchema } from "./audit.ts";
import {
  ApproveRequestSchema,
  ChangeDetailSchema,
  ChangeListResponseSchema,
  CreateChangeRequestSchema,
  DecisionRequestSchema,
  UpdateChangeRequestSchema,
  ValidateRequestSchema,
  ValidateResponseSchema,
} from "./changes.ts";
import { HealthResponseSchema, OkResponseSchema } from "./health.ts";
import { ChangeRolloutSchema } from "./rollout.ts";
import { ImportRequestSchema, ImportResponseSchema, RollbackResponseSchema } from "./interop.ts";
import { OpenApiDocumentSchema } from "./openapi-document.ts";
import { ExportQuerySchema, RunningMeshResponseSchema, VersionListResponseSchema } from "./mesh.ts";
import { MetricsQuerySchema, MetricsResponseSchema } from "./metrics.ts";
import { CreateTapRequestSchema, TapSessionSchema } from "./tap.ts";
import { MetricsReportResponseSchema } from "../protocol/tap.ts";
import { EndpointHealthResponseSchema, ProxyListResponseSchema } from "./proxies.ts";
import {
  CreatedProxyCredentialResponseSchema,
  CreateProxyCredentialRequestSchema,
  ProxyCredentialListResponseSchema,
} from "./proxy-credentials.ts";
import { registryOperations } from "./registry-operations.ts";
import { securityOperations } from "./security-operations.ts";
import { rolloutOperations } from "./rollout-operations.ts";
import { SimulateRequestSchema, SimulateResponseSchema } from "./simulate.ts";
import { AccessCheckRequestSchema, AccessCheckResponseSchema } from "./access.ts";
import { ApiTokenListResponseSchema, CreateApiTokenRequestSchema, CreatedApiTokenResponseSchema } from "./tokens.ts";
import {
  ChangePasswordRequestSchema,
  CreateUserRequestSchema,
  SetupRequestSchema,
  SetupStatusResponseSchema,
  UpdateUserRequestSchema,
  UserDetailSchema,
  UserListResponseSchema,
} from "./users.ts";

export type Access = Permission | "public" | "proxy";

/**
 * One entry per REST operation: the single source for the route handler's parsing and auth, the
 * OpenAPI document, and the clients. `path` uses OpenAPI `{param}` syntax.
 */
export interface Operation {
  id: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  summary: string;
  access: Access;
  /** One field per `{param}` of `path`; the handler parses them (a mismatch is a 400 naming the param). */
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** JSON response schema; `text` for non-JSON bodies (YAML). */
  response: z.ZodType | { text: string };
  status?: number;
  /** Other successful statuses, e.g. 304 for the long-poll. */
  alsoReturns?: { status: number; description: string }[];
  /**
   * Which body limit applies (lib/server/http/body.ts): `auth` a few KiB for credentials, `import` the YAML
   * import's, otherwise the general one. A larger body is refused with 413 before the rest is read.
   */
  bodyLimit?: "auth" | "import";
}

const op = <O extends Operation>(o: O) => o;

/**
 * Ids are the database's UUIDs, but the API keeps them opaque strings: an id that names nothing is a
 * 404 ("no such change"), never a 400, whatever its form.
 */
const IdParam = z.object({ id: z.string() });
const positiveInteger = "must be a positive integer";
const VersionParam = z.object({
  version: z.coerce.number({ error: positiveInteger }).int(positiveInteger).min(1, positiveInteger),
});

export const operations = {
  health: op({
    id: "health",
    method: "GET",
    path: "/api/health",
    summary: "Liveness and the latest config version",
    access: "public",
    response: HealthResponseSchema,
  }),
  login: op({
    id: "login",
    method: "POST",
    path: "/api/auth/login",
    summary: "Sign in; sets the session cookie",
    access: "public",
    body: LoginRequestSchema,
    bodyLimit: "auth",
    response: MeResponseSchema,
    alsoReturns: [{ status: 429, description: "Too many failed sign-ins; Retry-After says when to try again" }],
  }),
  logout: op({
    id: "logout",
    method: "POST",
    path: "/api/auth/logout",
    summary: "Sign out",
    access: "public",
    response: OkResponseSchema,
  }),
  logoutEverywhere: op({
    id: "logoutEverywhere",
    method: "POST",
    path: "/api/auth/logout-all",
    summary: "Sign out everywhere: end every session of the signed-in user",
    access: "read",
    response: OkResponseSchema,
  }),
  changePassword: op({
    id: "changePassword",
    method: "POST",
    path: "/api/auth/password",
    summary: "Change your own password (the current one is required); your other sessions end",
    access: "read",
    body: ChangePasswordRequestSchema,
    bodyLimit: "auth",
    response: OkResponseSchema,
  }),
  setupStatus: op({
    id: "setupStatus",
    method: "GET",
    path: "/api/setup",
    summary: "Whether the first admin still has to be created",
    access: "public",
    response: SetupStatusResponseSchema,
  }),
  setup: op({
    id: "setup",
    method: "POST",
    path: "/api/setup",
    summary: "Create the first admin with the one-time setup token from the console's log; signs in",
    access: "public",
    body: SetupRequestSchema,
    bodyLimit: "auth",
    response: MeResponseSchema,
    status: 201,
  }),
  listUsers: op({
    id: "listUsers",
    method: "GET",
    path: "/api/users",
    summary: "Every user with role and state",
    access: "admin",
    response: UserListResponseSchema,
  }),
  createUser: op({
    id: "createUser",
    method: "POST",
    path: "/api/users",
    summary: "Create a user",
    access: "admin",
    body: CreateUserRequestSchema,
    bodyLimit: "auth",
    response: UserDetailSchema,
    status: 201,
  }),
  updateUser: op({
    id: "updateUser",
    method: "PUT",
    path: "/api/users/{id}",
    summary: "Set a user's role, display name or password, or disable them (ends their sessions, caps their tokens)",
    params: IdParam,
    access: "admin",
    body: UpdateUserRequestSchema,
    bodyLimit: "auth",
    response: UserDetailSchema,
  }),
  me: op({
    id: "me",
    method: "GET",
    path: "/api/auth/me",
    summary: "The signed-in user",
    access: "read",
    response: MeResponseSchema,
  }),
  listTokens: op({
    id: "listTokens",
    method: "GET",
    path: "/api/tokens",
    summary: "Your API tokens",
    access: "read",
    response: ApiTokenListResponseSchema,
  }),
  createToken: op({
    id: "createToken",
    method: "POST",
    path: "/api/tokens",
    summary: "Create an API token (the secret is shown once)",
    access: "read",
    body: CreateApiTokenRequestSchema,
    response: CreatedApiTokenResponseSchema,
    status: 201,
  }),
  revokeToken: op({
    id: "revokeToken",
    method: "DELETE",
    path: "/api/tokens/{id}",
    summary: "Revoke one of your API tokens",
    params: IdParam,
    access: "read",
    response: OkResponseSchema,
  }),
  runningMesh: op({
    id: "runningMesh",
    method: "GET",
    path: "/api/mesh",
    summary: "The running configuration",
    access: "read",
    response: RunningMeshResponseSchema,
  }),
  listChanges: op({
    id: "listChanges",
    method: "GET",
    path: "/api/changes",
    summary: "Changes, newest first",
    access: "read",
    response: ChangeListResponseSchema,
  }),
  createChange: op({
    id: "createChange",
    method: "POST",
    path: "/api/changes",
    summary: "Create a draft change",
    access: "edit",
    body: CreateChangeRequestSchema,
    response: ChangeDetailSchema,
    status: 201,
  }),
  currentDraft: op({
    id: "currentDraft",
    method: "GET",
    path: "/api/changes/draft",
    summary: "Your open draft (created from the running config if none)",
    access: "edit",
    response: ChangeDetailSchema,
  }),
  getChange: op({
    id: "getChange",
    method: "GET",
    path: "/api/changes/{id}",
    summary: "A change with its issues and diff",
    params: IdParam,
    access: "read",
    response: ChangeDetailSchema,
  }),
  changeRollout: op({
    id: "changeRollout",
    method: "GET",
    path: "/api/changes/{id}/rollout",
    summary: "The fleet's propagation of the version a change produced: synced, rejected, pending, NACKs",
    params: IdParam,
    access: "read",
    response: ChangeRolloutSchema,
  }),
  updateChange: op({
    id: "updateChange",
    method: "PUT",
    path: "/api/changes/{id}",
    summary: "Edit your draft; an invalid proposal is refused with 400",
    params: IdParam,
    access: "edit",
    body: UpdateChangeRequestSchema,
    response: ChangeDetailSchema,
  }),
  submitChange: op({
    id: "submitChange",
    method: "POST",
    path: "/api/changes/{id}/submit",
    summary: "Submit your draft for review",
    params: IdParam,
    access: "edit",
    response: ChangeDetailSchema,
  }),
  discardChange: op({
    id: "discardChange",
    method: "POST",
    path: "/api/changes/{id}/discard",
    summary: "Withdraw your draft or pending change",
    params: IdParam,
    access: "edit",
    response: ChangeDetailSchema,
  }),
  approveChange: op({
    id: "approveChange",
    method: "POST",
    path: "/api/changes/{id}/approve",
    summary: "Approve someone else's change; compiles and rolls it out",
    params: IdParam,
    access: "approve",
    body: ApproveRequestSchema,
    response: ChangeDetailSchema,
  }),
  rejectChange: op({
    id: "rejectChange",
    method: "POST",
    path: "/api/changes/{id}/reject",
    summary: "Reject someone else's change",
    params: IdParam,
    access: "approve",
    body: DecisionRequestSchema,
    response: ChangeDetailSchema,
  }),
  validate: op({
    id: "validate",
    method: "POST",
    path: "/api/validate",
    summary: "Dry-run validation and diff of a proposed config",
    access: "read",
    body: ValidateRequestSchema,
    response: ValidateResponseSchema,
  }),
  simulate: op({
    id: "simulate",
    method: "POST",
    path: "/api/simulate",
    summary:
      "Which gateway, route, rule and backend a request would hit under the running config or your draft, and why the earlier rules did not match",
    access: "read",
    body: SimulateRequestSchema,
    response: SimulateResponseSchema,
  }),
  accessCheck: op({
    id: "accessCheck",
    method: "POST",
    path: "/api/access/check",
    summary:
      "Access dry run: would this caller, method and path be allowed at a service or gateway under the running config or your draft, by which policy and rule, and why the others did not match",
    access: "read",
    body: AccessCheckRequestSchema,
    response: AccessCheckResponseSchema,
  }),
  listVersions: op({
    id: "listVersions",
    method: "GET",
    path: "/api/versions",
    summary: "Config versions, newest first",
    access: "read",
    response: VersionListResponseSchema,
  }),
  rollback: op({
    id: "rollback",
    method: "POST",
    path: "/api/versions/{version}/rollback",
    summary: "Create a draft change that restores a version's config",
    params: VersionParam,
    access: "edit",
    response: RollbackResponseSchema,
    status: 201,
  }),
  exportYaml: op({
    id: "exportYaml",
    method: "GET",
    path: "/api/export",
    summary: "Istio or Gateway API YAML of the running config, a version, a change or one service",
    access: "read",
    query: ExportQuerySchema,
    response: { text: "application/yaml" },
  }),
  importYaml: op({
    id: "importYaml",
    method: "POST",
    path: "/api/import",
    summary: "Import Istio or Gateway API YAML as a draft change",
    access: "edit",
    body: ImportRequestSchema,
    bodyLimit: "import",
    response: ImportResponseSchema,
    alsoReturns: [
      { status: 201, description: "Imported; a draft change was created (changeId)" },
      { status: 422, description: "Some document or the resulting config is invalid; same body, ok=false" },
    ],
  }),
  listProxies: op({
    id: "listProxies",
    method: "GET",
    path: "/api/proxies",
    summary: "Proxies with their applied version and state",
    access: "read",
    response: ProxyListResponseSchema,
  }),
  listProxyCredentials: op({
    id: "listProxyCredentials",
    method: "GET",
    path: "/api/proxies/credentials",
    summary: "Per-proxy credentials (never their secrets)",
    access: "admin",
    response: ProxyCredentialListResponseSchema,
  }),
  createProxyCredential: op({
    id: "createProxyCredential",
    method: "POST",
    path: "/api/proxies/credentials",
    summary: "Create a credential bound to a node id and gateway (the secret is shown once)",
    access: "admin",
    body: CreateProxyCredentialRequestSchema,
    bodyLimit: "auth",
    response: CreatedProxyCredentialResponseSchema,
    status: 201,
  }),
  revokeProxyCredential: op({
    id: "revokeProxyCredential",
    method: "DELETE",
    path: "/api/proxies/credentials/{id}",
    summary: "Revoke a proxy credential: the proxy is refused from its next request on",
    params: IdParam,
    access: "admin",
    response: OkResponseSchema,
  }),
  endpointHealth: op({
    id: "endpointHealth",
    method: "GET",
    path: "/api/endpoints/health",
    summary: "Endpoint health (ejected, unhealthy) as each proxy last reported it",
    access: "read",
    response: EndpointHealthResponseSchema,
  }),
  metrics: op({
    id: "metrics",
    method: "GET",
    path: "/api/metrics",
    summary: "Traffic series per route, rule, version, proxy or edge: live per second, or stored (1h, 24h, 7d)",
    access: "read",
    query: MetricsQuerySchema,
    response: MetricsResponseSchema,
  }),
  prometheusMetrics: op({
    id: "prometheusMetrics",
    method: "GET",
    path: "/api/metrics/prometheus",
    summary: "Console health and the mesh's golden metrics in Prometheus text format 0.0.4 (also served on /metrics)",
    access: "read",
    response: { text: "text/plain; version=0.0.4" },
  }),
  createTap: op({
    id: "createTap",
    method: "POST",
    path: "/api/tap",
    summary: "Open a live tap: proxies sample matching requests (rate-limited) until it expires or its viewer leaves",
    access: "read",
    body: CreateTapRequestSchema,
    response: TapSessionSchema,
    status: 201,
  }),
  tapEvents: op({
    id: "tapEvents",
    method: "GET",
    path: "/api/tap/{id}/events",
    summary: "The tap's samples as Server-Sent Events (sample, end); closing the stream closes the tap",
    params: IdParam,
    access: "read",
    response: { text: "text/event-stream" },
  }),
  stopTap: op({
    id: "stopTap",
    method: "DELETE",
    path: "/api/tap/{id}",
    summary: "Close a live tap",
    params: IdParam,
    access: "read",
    response: OkResponseSchema,
  }),
  audit: op({
    id: "audit",
    method: "GET",
    path: "/api/audit",
    summary: "The append-only audit log",
    access: "read",
    query: AuditQuerySchema,
    response: AuditListResponseSchema,
  }),
  openapi: op({
    id: "openapi",
    method: "GET",
    path: "/api/openapi.json",
    summary: "This document",
    access: "public",
    response: OpenApiDocumentSchema,
  }),
  pollSnapshot: op({
    id: "pollSnapshot",
    method: "GET",
    path: "/api/xds/snapshot",
    summary: "Long-poll for a snapshot newer than `version`",
    access: "proxy",
    query: SnapshotPollQuerySchema,
    response: SnapshotSchema,
    alsoReturns: [{ status: 304, description: "Nothing newer within the wait" }],
  }),
  ack: op({
    id: "ack",
    method: "POST",
    path: "/api/xds/ack",
    summary: "A proxy reports the version it runs (with that version's hash)",
    access: "proxy",
    body: AckSchema,
    response: OkResponseSchema,
  }),
  nack: op({
    id: "nack",
    method: "POST",
    path: "/api/xds/nack",
    summary: "A proxy reports a version it refused",
    access: "proxy",
    body: NackSchema,
    response: OkResponseSchema,
  }),
  reportMetrics: op({
    id: "reportMetrics",
    method: "POST",
    path: "/api/xds/metrics",
    summary: "A proxy reports one interval of metrics",
    access: "proxy",
    body: MetricsBatchSchema,
    response: MetricsReportResponseSchema,
  }),
  ...securityOperations,
  ...registryOperations,
  ...rolloutOperations,
} as const satisfies Record<string, Operation>;

export type Operations = typeof operations;
