import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-invalid-nonexistent-backendref.go (v1.6.1). */
export const HTTPRouteInvalidNonExistentBackendRef: PortedTest = {
  shortName: "HTTPRouteInvalidNonExistentBackendRef",
  source: "httproute-invalid-nonexistent-backendref.go",
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
