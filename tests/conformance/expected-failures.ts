/**
 * The conformance tests that fail on today's code, each with the reason: the ONE list the conformance run
 * accepts failures from. Strict both ways: a test that fails and is not listed fails the run, and a listed
 * test that passes fails it too ("remove from expected failures"), so the list only ever shrinks honestly.
 */
const SB209 = "issue 10 item 1: several HTTPRoutes on one gateway and hostname are refused (SB209)";
const PRECEDENCE = "issue 10 item 1: rules are tried in file order, not by Gateway API precedence";
const NO_NAMESPACES = "Signalbox has no namespaces: a backendRef is followed whatever ReferenceGrants say";
const SEGMENTS = "issue 10 item 2: PathPrefix compares characters, not segments (/port matches /port-and-host)";

export const EXPECTED_FAILURES: Readonly<Record<string, string>> = {
  HTTPRouteCORS: SB209,
  HTTPRouteHeaderMatching: PRECEDENCE,
  HTTPRouteHostnameIntersection: `${SB209}; issue 10 item 3: route hostnames are not intersected with listener hostnames`,
  HTTPRouteInvalidBackendRefUnknownKind: "a backendRef's kind is not checked: an unknown kind is routed like a Service",
  HTTPRouteInvalidCrossNamespaceBackendRef: NO_NAMESPACES,
  HTTPRouteInvalidNonExistentBackendRef:
    "a backendRef to a missing Service answers 503 (no endpoints); the spec says 500",
  HTTPRouteInvalidReferenceGrant: NO_NAMESPACES,
  HTTPRouteListenerHostnameMatching: `${SB209}; issue 10 item 3: listener hostnames`,
  HTTPRouteListenerPortMatching: `${SB209}; issue 10 item 3: the proxy listens on one port, not one per listener`,
  HTTPRouteMatchingAcrossRoutes: SB209,
  HTTPRouteMatching: `${PRECEDENCE}; ${SEGMENTS}`,
  HTTPRouteMethodMatching: PRECEDENCE,
  HTTPRouteMultipleGateways: SB209,
  HTTPRouteNoBackendRefs: "a rule without backendRefs is refused (SB102); the spec answers such requests with 500",
  HTTPRoutePartiallyInvalidViaInvalidReferenceGrant: NO_NAMESPACES,
  HTTPRoutePathMatchOrder: PRECEDENCE,
  HTTPRouteQueryParamMatching: PRECEDENCE,
  HTTPRouteRedirectPath: `issue 10 item 5: redirect ReplacePrefixMatch / ReplaceFullPath are dropped; ${SEGMENTS}`,
  HTTPRouteRedirectPort: `issue 10 item 5: redirect port is dropped; ${SEGMENTS}`,
  HTTPRouteRedirectScheme: SEGMENTS,
  HTTPRouteReferenceGrant: NO_NAMESPACES,
  HTTPRouteRequestHeaderModifierBackendWeights: "issue 10 item 5: backendRef-level filters are not imported",
  HTTPRouteBackendRequestHeaderModifier: "issue 10 item 5: backendRef-level filters are not imported",
  HTTPRouteRequestMirror: SEGMENTS,
  HTTPRouteRequestMultipleMirrors: "issue 10 item 5: every RequestMirror but the last is dropped",
  HTTPRouteRequestPercentageMirror: SEGMENTS,
  HTTPRouteRewriteHost: PRECEDENCE,
  HTTPRouteRewritePath:
    "issue 10 item 5: ReplaceFullPath is dropped and ReplacePrefixMatch: / turns /strip-prefix/three into //three",
};
