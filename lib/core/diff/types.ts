export type ChangeKind = "added" | "removed" | "changed";
export type ChangeEntity =
  | "service"
  | "version"
  | "endpoint"
  | "gateway"
  | "listener"
  | "route"
  | "rule"
  | "authorizationPolicy"
  | "peerAuthentication"
  | "referenceGrant"
  | "namespace";

/**
 * One reviewable change. `path` addresses the entity by name, not by array index
 * (['services','reviews','versions','v2']), because indexes shift between before and after.
 */
export interface MeshChange {
  kind: ChangeKind;
  entity: ChangeEntity;
  /** Display name: `reviews`, `reviews/v2`, `reviews/v2/10.0.0.1:9080`, `edge/http`, `reviews#0`. */
  name: string;
  path: (string | number)[];
  before?: unknown;
  after?: unknown;
  summary: string;
}
