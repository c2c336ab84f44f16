/**
 * The Gateway API conformance features (upstream pkg/features, v1.6.1) and which ones Signalbox claims: the one
 * source of truth for the conformance run (an Extended test runs only when Signalbox claims all its features) and
 * for the README's supported-features table (`npm run conformance:docs`). Core features are part of the
 * GATEWAY-HTTP profile whatever is claimed: their tests always run, and an unclaimed one says why it fails.
 */
export type FeatureLevel = "core" | "extended";
export type FeatureChannel = "standard" | "experimental";

export interface FeatureClaim {
  name: string;
  level: FeatureLevel;
  channel: FeatureChannel;
  /** true: Signalbox claims it. Otherwise the reason it does not. */
  claimed: true | { reason: string };
}

const claim = (name: string, level: FeatureLevel, channel: FeatureChannel = "standard"): FeatureClaim => ({
  name,
  level,
  channel,
  claimed: true,
});
const unclaimed = (name: string, level: FeatureLevel, reason: string, channel: FeatureChannel = "standard") => ({
  name,
  level,
  channel,
  claimed: { reason },
});

export const FEATURES: readonly FeatureClaim[] = [
  claim("Gateway", "core"),
  claim("HTTPRoute", "core"),
  // Routes, services and gateways carry namespaces; a cross-namespace backendRef needs a ReferenceGrant.
  claim("ReferenceGrant", "core"),
  unclaimed("TLSRoute", "core", "Signalbox routes HTTP only (no TLS passthrough or termination routes)"),
  claim("GatewayPort8080", "extended"),
  unclaimed(
    "GatewayStaticAddresses",
    "extended",
    "a Signalbox gateway is a proxy process; spec.addresses is not imported",
  ),
  claim("GatewayHTTPListenerIsolation", "extended"),
  claim("GatewayHTTPSListenerDetectMisdirectedRequests", "extended"),
  unclaimed(
    "GatewayInfrastructurePropagation",
    "extended",
    "spec.infrastructure is not imported: no Kubernetes objects to label",
  ),
  unclaimed("GatewayAddressEmpty", "extended", "a Signalbox gateway has no address field"),
  unclaimed("ListenerSet", "extended", "ListenerSet is not imported"),
  unclaimed(
    "GatewayBackendClientCertificate",
    "extended",
    "a Gateway's spec.tls.backend (the client certificate it presents to backends) and BackendTLSPolicy are not imported: the proxy originates TLS to backends with a DestinationRule's trafficPolicy.tls",
  ),
  // Their upstream tests are not in the v1.6.1 reference index this suite runs; they are ported in
  // tests/integration/gateway-frontend-validation.test.ts (real proxy, both ports, both modes) and pass there.
  claim("GatewayFrontendClientCertificateValidation", "extended"),
  claim("GatewayFrontendClientCertificateValidationInsecureFallback", "extended"),
  // parentRef ports select listeners (a port no listener has attaches the route nowhere); a backendRef's port picks
  // the service port, its endpoints and its portLevelSettings (Cluster.byPort).
  claim("HTTPRouteDestinationPortMatching", "extended", "experimental"),
  claim("HTTPRouteBackendRequestHeaderModification", "extended"),
  claim("HTTPRouteQueryParamMatching", "extended"),
  claim("HTTPRouteMethodMatching", "extended"),
  claim("HTTPRouteResponseHeaderModification", "extended"),
  claim("HTTPRoutePortRedirect", "extended"),
  claim("HTTPRouteSchemeRedirect", "extended"),
  claim("HTTPRoutePathRedirect", "extended"),
  claim("HTTPRouteHostRewrite", "extended"),
  claim("HTTPRoutePathRewrite", "extended"),
  claim("HTTPRouteRequestMirror", "extended"),
  claim("HTTPRouteRequestMultipleMirrors", "extended"),
  claim("HTTPRouteRequestPercentageMirror", "extended"),
  claim("HTTPRouteRequestTimeout", "extended"),
  // timeouts.backendRequest is the per-try timeout of a rule (retries.perTryTimeoutMs, with no further attempts).
  claim("HTTPRouteBackendTimeout", "extended"),
  claim("HTTPRouteParentRefPort", "extended"),
  // A backendRef to a Service port with appProtocol kubernetes.io/h2c imports as an HTTP2 port: h2c, prior knowledge.
  claim("HTTPRouteBackendProtocolH2C", "extended"),
  // Every route tunnels WebSocket upgrades (Istio's default), so a backendRef to a kubernetes.io/ws port does too.
  claim("HTTPRouteBackendProtocolWebSocket", "extended"),
  claim("HTTPRouteNamedRouteRule", "extended"),
  claim("HTTPRouteCORS", "extended"),
  claim("HTTPRoute303RedirectStatusCode", "extended"),
  claim("HTTPRoute307RedirectStatusCode", "extended"),
  claim("HTTPRoute308RedirectStatusCode", "extended"),
  unclaimed(
    "HTTPRouteRetry",
    "extended",
    "the experimental HTTPRoute retry field is not imported (Signalbox retries come from Istio or the editor)",
    "experimental",
  ),
  unclaimed("HTTPRouteRetryBackendTimeout", "extended", "see HTTPRouteRetry", "experimental"),
  unclaimed("HTTPRouteRetryConnectionError", "extended", "see HTTPRouteRetry", "experimental"),
  unclaimed("TLSRouteModeTerminate", "extended", "Signalbox routes HTTP only"),
  unclaimed("TLSRouteModeMixed", "extended", "Signalbox routes HTTP only", "experimental"),
];

export const featureByName = new Map(FEATURES.map((f) => [f.name, f]));

export const isClaimed = (name: string): boolean => featureByName.get(name)?.claimed === true;
