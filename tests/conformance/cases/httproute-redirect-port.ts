import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-redirect-port.go (v1.6.1). */
export const HTTPRouteRedirectPort: PortedTest = {
  shortName: "HTTPRouteRedirectPort",
  source: "httproute-redirect-port.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        path: "/port",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 302,
      },
      redirectRequest: {
        port: "8083",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/port-and-host",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 302,
      },
      redirectRequest: {
        host: "example.org",
        port: "8083",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/port-and-status",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 301,
      },
      redirectRequest: {
        port: "8083",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/port-and-host-and-status",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 302,
      },
      redirectRequest: {
        port: "8083",
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },
  ],
};
