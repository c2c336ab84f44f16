import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-invalid-reference-grant.go (v1.6.1). */
export const HTTPRouteInvalidReferenceGrant: PortedTest = {
  shortName: "HTTPRouteInvalidReferenceGrant",
  source: "httproute-invalid-reference-grant.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        method: "GET",
        path: "/",
      },
      response: { statusCode: 500 },
      backend: "web-backend",
      namespace: "gateway-conformance-web-backend",
    },
  ],
};
