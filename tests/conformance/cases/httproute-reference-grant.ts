import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-reference-grant.go (v1.6.1). */
export const HTTPRouteReferenceGrant: PortedTest = {
  shortName: "HTTPRouteReferenceGrant",
  source: "httproute-reference-grant.go",
  gateway: "same-namespace",
  cases: [
    {
      testCaseName: "Simple HTTP request should reach web-backend",
      request: {
        method: "GET",
        path: "/",
      },
      response: { statusCode: 200 },
      backend: "web-backend",
      namespace: "gateway-conformance-web-backend",
    },
    {
      testCaseName: "Simple HTTP request should return 500 after deleting the relevant reference grant",
      afterDeleting: { kind: "ReferenceGrant", name: "reference-grant", namespace: "gateway-conformance-web-backend" },
      request: {
        method: "GET",
        path: "/",
      },
      response: { statusCode: 500 },
    },
  ],
};
