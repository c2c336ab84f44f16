import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-redirect-scheme.go (v1.6.1). */
export const HTTPRouteRedirectScheme: PortedTest = {
  shortName: "HTTPRouteRedirectScheme",
  source: "httproute-redirect-scheme.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        path: "/scheme",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 302,
      },
      redirectRequest: {
        scheme: "https",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/scheme-and-host",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 302,
      },
      redirectRequest: {
        host: "example.org",
        scheme: "https",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/scheme-and-status",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 301,
      },
      redirectRequest: {
        scheme: "https",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/scheme-and-host-and-status",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 302,
      },
      redirectRequest: {
        scheme: "https",
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },
  ],
};
