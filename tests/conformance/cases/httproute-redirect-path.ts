import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-redirect-path.go (v1.6.1). */
export const HTTPRouteRedirectPath: PortedTest = {
  shortName: "HTTPRouteRedirectPath",
  source: "httproute-redirect-path.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        path: "/original-prefix/lemon",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 302,
      },
      redirectRequest: {
        path: "/replacement-prefix/lemon",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/full/path/original",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 302,
      },
      redirectRequest: {
        path: "/full-path-replacement",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/path-and-host",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 302,
      },
      redirectRequest: {
        host: "example.org",
        path: "/replacement-prefix",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/path-and-status",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 301,
      },
      redirectRequest: {
        path: "/replacement-prefix",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/full-path-and-host",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 302,
      },
      redirectRequest: {
        host: "example.org",
        path: "/replacement-full",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/full-path-and-status",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 301,
      },
      redirectRequest: {
        path: "/replacement-full",
      },
      namespace: "gateway-conformance-infra",
    },
  ],
};
