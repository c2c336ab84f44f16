import type { PortedTest } from "../harness/types.ts";

/**
 * Ported from gateway-api/conformance/tests/httproute-invalid-parentref-not-matching-listener-port.go (v1.6.1), the
 * one upstream test of HTTPRouteDestinationPortMatching. The Go test checks status only: the route, whose parentRef
 * names port 81 where the gateway has no listener, is not accepted (NoMatchingParent) and the gateway has 0 routes
 * attached. Signalbox writes no status; what that means on the data plane is checked instead: the route is attached
 * to no listener, so the gateway serves nothing for it (404 "no route"), where a parentRef port ignored would serve
 * infra-backend-v1. Validation warns about the unmatched parentRef (SB305).
 */
export const HTTPRouteInvalidParentRefNotMatchingListenerPort: PortedTest = {
  shortName: "HTTPRouteInvalidParentRefNotMatchingListenerPort",
  source: "httproute-invalid-parentref-not-matching-listener-port.go",
  gateway: "same-namespace",
  cases: [
    { request: { path: "/" }, response: { statusCode: 404 } },
    { request: { path: "/any/path" }, response: { statusCode: 404 } },
  ],
};
