/** What the authorizer reads of a request: the proxy builds it from the socket and head, the dry run from a form. */
export interface AuthzRequest {
  /** The peer's SPIFFE ID without `spiffe://` (Istio's principal form, `td/ns/<ns>/sa/<sa>`); null on plaintext. */
  principal: string | null;
  /** The namespace in the principal; null without one. */
  namespace: string | null;
  /** The TCP peer (`source.ip`, ipBlocks). */
  sourceIp: string;
  /** The client per the trusted X-Forwarded-For hops (`remote.ip`, remoteIpBlocks). */
  remoteIp: string;
  method: string;
  /** The normalized path, without the query (what routes match). */
  path: string;
  /** The Host header; its port is ignored for `hosts`. */
  host: string;
  /** The destination port (the listener the request arrived on). */
  port: number;
  /** A request header by lower-case name (several values joined by ", "), or undefined. */
  header(name: string): string | undefined;
}

const NO_PRINCIPAL = Object.freeze({ principal: null, namespace: null });

/** `spiffe://td/ns/<ns>/sa/<sa>` → principal `td/ns/<ns>/sa/<sa>` and namespace `<ns>`; anything else: none. */
export function principalOf(spiffeId: string | null | undefined): {
  principal: string | null;
  namespace: string | null;
} {
  // Plaintext, the common case on the hot path: no allocation.
  if (!spiffeId?.startsWith("spiffe://")) return NO_PRINCIPAL;
  const principal = spiffeId.slice("spiffe://".length);
  const m = /^[^/]+\/ns\/([^/]+)\/sa\/[^/]+$/.exec(principal);
  return { principal, namespace: m ? m[1]! : null };
}
