import type { ConformanceTestDefinition, UnportedTest } from "../harness/types.ts";
import { GatewayHTTPListenerIsolation } from "./gateway-http-listener-isolation.ts";
import { HTTPRoute303Redirect } from "./httproute-303-redirect.ts";
import { HTTPRoute307Redirect } from "./httproute-307-redirect.ts";
import { HTTPRoute308Redirect } from "./httproute-308-redirect.ts";
import { HTTPRouteBackendProtocolH2C } from "./httproute-backend-protocol-h2c.ts";
import { HTTPRouteBackendProtocolWebSocket } from "./httproute-backend-protocol-websocket.ts";
import { HTTPRouteCORS } from "./httproute-cors.ts";
import { HTTPRouteCrossNamespace } from "./httproute-cross-namespace.ts";
import { HTTPRouteExactPathMatching } from "./httproute-exact-path-matching.ts";
import { HTTPRouteHeaderMatching } from "./httproute-header-matching.ts";
import { HTTPRouteHostnameIntersection } from "./httproute-hostname-intersection.ts";
import { HTTPRouteHTTPSListener } from "./httproute-https-listener.ts";
import { HTTPRouteHTTPSListenerDetectMisdirectedRequests } from "./httproute-https-listener-detect-misdirected-requests.ts";
import { HTTPRouteInvalidBackendRefUnknownKind } from "./httproute-invalid-backendref-unknown-kind.ts";
import { HTTPRouteInvalidCrossNamespaceBackendRef } from "./httproute-invalid-cross-namespace-backend-ref.ts";
import { HTTPRouteInvalidNonExistentBackendRef } from "./httproute-invalid-nonexistent-backendref.ts";
import { HTTPRouteInvalidParentRefNotMatchingListenerPort } from "./httproute-invalid-parentref-not-matching-listener-port.ts";
import { HTTPRouteInvalidReferenceGrant } from "./httproute-invalid-reference-grant.ts";
import { HTTPRouteListenerHostnameMatching } from "./httproute-listener-hostname-matching.ts";
import { HTTPRouteListenerPortMatching } from "./httproute-listener-port-matching.ts";
import { HTTPRouteMatchingAcrossRoutes } from "./httproute-matching-across-routes.ts";
import { HTTPRouteMatching } from "./httproute-matching.ts";
import { HTTPRouteMethodMatching } from "./httproute-method-matching.ts";
import { HTTPRouteMultipleGateways } from "./httproute-multiple-gateways.ts";
import { HTTPRouteNamedRule } from "./httproute-named-rule.ts";
import { HTTPRouteNoBackendRefs } from "./httproute-omitted-backendrefs.ts";
import { HTTPRoutePartiallyInvalidViaInvalidReferenceGrant } from "./httproute-partially-invalid-via-invalid-reference-grant.ts";
import { HTTPRoutePathMatchOrder } from "./httproute-path-match-order.ts";
import { HTTPRouteQueryParamMatching } from "./httproute-query-param-matching.ts";
import { HTTPRouteRedirectHostAndStatus } from "./httproute-redirect-host-and-status.ts";
import { HTTPRouteRedirectPath } from "./httproute-redirect-path.ts";
import { HTTPRouteRedirectPort } from "./httproute-redirect-port.ts";
import { HTTPRouteRedirectPortAndScheme } from "./httproute-redirect-port-and-scheme.ts";
import { HTTPRouteRedirectScheme } from "./httproute-redirect-scheme.ts";
import { HTTPRouteReferenceGrant } from "./httproute-reference-grant.ts";
import { HTTPRouteRequestHeaderModifierBackendWeights } from "./httproute-request-header-modifier-backend-weights.ts";
import {
  HTTPRouteBackendRequestHeaderModifier,
  HTTPRouteRequestHeaderModifier,
} from "./httproute-request-header-modifier.ts";
import { HTTPRouteRequestMirror } from "./httproute-request-mirror.ts";
import { HTTPRouteRequestMultipleMirrors } from "./httproute-request-multiple-mirrors.ts";
import { HTTPRouteRequestPercentageMirror } from "./httproute-request-percentage-mirror.ts";
import { HTTPRouteResponseHeaderModifier } from "./httproute-response-header-modifier.ts";
import { HTTPRouteRewriteHost } from "./httproute-rewrite-host.ts";
import { HTTPRouteRewritePath } from "./httproute-rewrite-path.ts";
import { HTTPRouteServiceTypes } from "./httproute-service-types.ts";
import { HTTPRouteSimpleSameNamespace } from "./httproute-simple-same-namespace.ts";
import { HTTPRouteTimeoutBackendRequest } from "./httproute-timeout-backend-request.ts";
import { HTTPRouteTimeoutRequest } from "./httproute-timeout-request.ts";
import { HTTPRouteWeight } from "./httproute-weight.ts";

const STATUS_ONLY = "checks only Kubernetes status conditions, which Signalbox does not write (no controller)";
const notPorted = (shortName: string, source: string, reason: string): UnportedTest => ({
  shortName,
  source,
  notPorted: reason,
});

/** Every upstream test of the reference index: ported (cases run through the proxy) or not, with the reason. */
export const CONFORMANCE_TESTS: readonly ConformanceTestDefinition[] = [
  HTTPRoute303Redirect,
  HTTPRoute307Redirect,
  HTTPRoute308Redirect,
  HTTPRouteCORS,
  HTTPRouteCrossNamespace,
  HTTPRouteExactPathMatching,
  HTTPRouteHeaderMatching,
  HTTPRouteHostnameIntersection,
  HTTPRouteInvalidBackendRefUnknownKind,
  HTTPRouteInvalidCrossNamespaceBackendRef,
  HTTPRouteInvalidNonExistentBackendRef,
  HTTPRouteInvalidReferenceGrant,
  HTTPRouteListenerHostnameMatching,
  HTTPRouteListenerPortMatching,
  HTTPRouteMatchingAcrossRoutes,
  HTTPRouteMatching,
  HTTPRouteMethodMatching,
  HTTPRouteMultipleGateways,
  HTTPRouteNamedRule,
  HTTPRouteNoBackendRefs,
  HTTPRoutePartiallyInvalidViaInvalidReferenceGrant,
  HTTPRoutePathMatchOrder,
  HTTPRouteQueryParamMatching,
  HTTPRouteRedirectHostAndStatus,
  HTTPRouteRedirectPath,
  HTTPRouteRedirectPortAndScheme,
  HTTPRouteRedirectPort,
  HTTPRouteRedirectScheme,
  HTTPRouteReferenceGrant,
  HTTPRouteRequestHeaderModifierBackendWeights,
  HTTPRouteRequestMirror,
  HTTPRouteRequestMultipleMirrors,
  HTTPRouteRequestPercentageMirror,
  HTTPRouteResponseHeaderModifier,
  HTTPRouteRewriteHost,
  HTTPRouteRewritePath,
  HTTPRouteServiceTypes,
  HTTPRouteSimpleSameNamespace,
  HTTPRouteTimeoutBackendRequest,
  HTTPRouteTimeoutRequest,
  HTTPRouteWeight,
  HTTPRouteBackendRequestHeaderModifier,
  HTTPRouteRequestHeaderModifier,
  GatewayHTTPListenerIsolation,
  notPorted("GatewayListenerUnsupportedProtocol", "gateway-invalid-listeners-unsupported-protocol.go", STATUS_ONLY),
  notPorted("GatewayInvalidRouteKind", "gateway-invalid-route-kind.go", STATUS_ONLY),
  notPorted("GatewayModifyListeners", "gateway-modify-listeners.go", STATUS_ONLY),
  notPorted("GatewayObservedGenerationBump", "gateway-observed-generation-bump.go", STATUS_ONLY),
  notPorted("GatewayWithAttachedRoutes", "gateway-with-attached-routes.go", STATUS_ONLY),
  notPorted("GatewayWithAttachedRoutesWithPort8080", "gateway-with-attached-routes.go", STATUS_ONLY),
  HTTPRouteBackendProtocolH2C,
  HTTPRouteBackendProtocolWebSocket,
  notPorted("HTTPRouteDisallowedKind", "httproute-disallowed-kind.go", STATUS_ONLY),
  HTTPRouteHTTPSListenerDetectMisdirectedRequests,
  HTTPRouteHTTPSListener,
  notPorted("HTTPRouteInvalidCrossNamespaceParentRef", "httproute-invalid-cross-namespace-parent-ref.go", STATUS_ONLY),
  HTTPRouteInvalidParentRefNotMatchingListenerPort,
  notPorted(
    "HTTPRouteInvalidParentRefNotMatchingSectionName",
    "httproute-invalid-parentref-not-matching-section-name.go",
    STATUS_ONLY,
  ),
  notPorted(
    "HTTPRouteInvalidParentRefSectionNameNotMatchingPort",
    "httproute-invalid-parentref-section-name-not-matching-port.go",
    STATUS_ONLY,
  ),
  notPorted("HTTPRouteObservedGenerationBump", "httproute-observed-generation-bump.go", STATUS_ONLY),
  notPorted("HTTPRouteRetry", "httproute-retry.go", "its feature is not claimed"),
];
