import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-redirect-host-and-status.go (v1.6.1). */
export const HTTPRouteRedirectHostAndStatus: PortedTest = {
  shortName: "HTTPRouteRedirectHostAndStatus",
  source: "httproute-redirect-host-and-status.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        path: "/hostname-redirect",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 302,
      },
      redirectRequest: {
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/host-and-status",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 301,
      },
      redirectRequest: {
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },
  ],
};
