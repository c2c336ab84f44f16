import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-request-header-modifier-backend-weights.go (v1.6.1). */
export const HTTPRouteRequestHeaderModifierBackendWeights: PortedTest = {
  shortName: "HTTPRouteRequestHeaderModifierBackendWeights",
  source: "httproute-request-header-modifier-backend-weights.go",
  gateway: "same-namespace",
  cases: [
    {
      request: { path: "/" },
      response: { statusCode: 200 },
      namespace: "gateway-conformance-infra",
      // Then 100 requests: each must reach the pod its backendRef's header filter names in `Backend`.
      podFromRequestHeader: { header: "Backend", requests: 100 },
    },
  ],
};
