import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-invalid-cross-namespace-backend-ref.go (v1.6.1). */
export const HTTPRouteInvalidCrossNamespaceBackendRef: PortedTest = {
  shortName: "HTTPRouteInvalidCrossNamespaceBackendRef",
  source: "httproute-invalid-cross-namespace-backend-ref.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        method: "GET",
        path: "/",
      },
      response: { statusCode: 500 },
    },
  ],
};
