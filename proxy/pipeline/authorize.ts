import { authorize, audited, principalOf, type AuthzRequest, type PolicySet } from "../../lib/core/authz/index.ts";
import { peerSpiffeId } from "../identity/peer-identity.ts";
import type { MetricsRegistry } from "../metrics/registry.ts";
import type { Flight } from "./flight.ts";
import { sendText } from "./respond.ts";

/**
 * The authorize stage (proxy/README.md): the gateway's policies as a request arrives, a cluster's once the
 * destination is picked, each with Istio's order (lib/core/authz/evaluate.ts). A denial is Envoy's RBAC answer,
 * `403 RBAC: access denied`, counted by policy; the upstream is never contacted.
 */
class FlightRequest implements AuthzRequest {
  readonly principal: string | null;
  readonly namespace: string | null;
  constructor(private readonly f: Flight) {
    const id = principalOf(peerSpiffeId(f.req.socket));
    this.principal = id.principal;
    this.namespace = id.namespace;
  }
  get sourceIp(): string {
    return this.f.req.socket.remoteAddress ?? "";
  }
  get remoteIp(): string {
    return this.f.clientIp;
  }
  get method(): string {
    return this.f.req.method ?? "GET";
  }
  get path(): string {
    return this.f.path;
  }
  get host(): string {
    return this.f.scan.host;
  }
  get port(): number {
    return this.f.req.socket.localPort ?? 0;
  }
  header(name: string): string | undefined {
    const v = this.f.req.headers[name];
    return Array.isArray(v) ? v.join(", ") : v;
  }
}

/** True when the request may go on; otherwise it has been answered with 403. */
export function authorized(f: Flight, set: PolicySet | null | undefined): boolean {
  if (set === null || set === undefined) return true;
  if (decide(set, new FlightRequest(f), f.cfg.metrics)) return true;
  f.presetId();
  sendText(f.res, 403, "RBAC: access denied");
  return false;
}

/** Istio's verdict for one request, with audits and denials counted by policy (the sidecar inbound uses it too). */
export function decide(set: PolicySet, req: AuthzRequest, registry: MetricsRegistry): boolean {
  if (set.audit.length > 0) for (const key of audited(set, req)) registry.countAuthz(key, "AUDIT", "audited");
  const d = authorize(set, req);
  if (d.allowed) return true;
  registry.countAuthz(d.policy ?? "-", d.action ?? "ALLOW", "denied");
  return false;
}
