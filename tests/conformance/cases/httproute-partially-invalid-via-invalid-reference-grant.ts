import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-partially-invalid-via-invalid-reference-grant.go (v1.6.1). */
export const HTTPRoutePartiallyInvalidViaInvalidReferenceGrant: PortedTest = {
  shortName: "HTTPRoutePartiallyInvalidViaInvalidReferenceGrant",
  source: "httproute-partially-invalid-via-invalid-reference-grant.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        method: "GET",
        path: "/v2",
      },
      response: { statusCode: 500 },
    },
    {
      request: {
        method: "GET",
        path: "/",
      },
      response: { statusCode: 200 },
      backend: "app-backend-v1",
      namespace: "gateway-conformance-app-backend",
    },
  ],
};
