import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-redirect-port-and-scheme.go (v1.6.1). */
export const HTTPRouteRedirectPortAndScheme: PortedTest = {
  shortName: "HTTPRouteRedirectPortAndScheme",
  source: "httproute-redirect-port-and-scheme.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        path: "/scheme-nil-and-port-nil",
        unfollowRedirect: true,
      },
      response: { statusCode: 302 },
      redirectRequest: {
        scheme: "http",
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/scheme-nil-and-port-80",
        unfollowRedirect: true,
      },
      response: { statusCode: 302 },
      redirectRequest: {
        scheme: "http",
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/scheme-nil-and-port-8080",
        unfollowRedirect: true,
      },
      response: { statusCode: 302 },
      redirectRequest: {
        scheme: "http",
        port: "8080",
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/scheme-https-and-port-nil",
        unfollowRedirect: true,
      },
      response: { statusCode: 302 },
      redirectRequest: {
        scheme: "https",
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/scheme-https-and-port-443",
        unfollowRedirect: true,
      },
      response: { statusCode: 302 },
      redirectRequest: {
        scheme: "https",
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/scheme-https-and-port-8443",
        unfollowRedirect: true,
      },
      response: { statusCode: 302 },
      redirectRequest: {
        scheme: "https",
        port: "8443",
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },

    {
      request: {
        path: "/scheme-nil-and-port-nil",
        unfollowRedirect: true,
      },
      response: { statusCode: 302 },
      redirectRequest: {
        scheme: "http",
        port: "8080",
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/scheme-nil-and-port-80",
        unfollowRedirect: true,
      },
      response: { statusCode: 302 },
      redirectRequest: {
        scheme: "http",
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/scheme-https-and-port-nil",
        unfollowRedirect: true,
      },
      response: { statusCode: 302 },
      redirectRequest: {
        scheme: "https",
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },

    {
      request: {
        host: "example.org",
        path: "/scheme-nil-and-port-nil",
        unfollowRedirect: true,
      },
      response: { statusCode: 302 },
      redirectRequest: {
        scheme: "https",
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        host: "example.org",
        path: "/scheme-nil-and-port-443",
        unfollowRedirect: true,
      },
      response: { statusCode: 302 },
      redirectRequest: {
        scheme: "https",
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        host: "example.org",
        path: "/scheme-nil-and-port-8443",
        unfollowRedirect: true,
      },
      response: { statusCode: 302 },
      redirectRequest: {
        scheme: "https",
        port: "8443",
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        host: "example.org",
        path: "/scheme-http-and-port-nil",
        unfollowRedirect: true,
      },
      response: { statusCode: 302 },
      redirectRequest: {
        scheme: "http",
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        host: "example.org",
        path: "/scheme-http-and-port-80",
        unfollowRedirect: true,
      },
      response: { statusCode: 302 },
      redirectRequest: {
        scheme: "http",
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        host: "example.org",
        path: "/scheme-http-and-port-8080",
        unfollowRedirect: true,
      },
      response: { statusCode: 302 },
      redirectRequest: {
        scheme: "http",
        port: "8080",
        host: "example.org",
      },
      namespace: "gateway-conformance-infra",
    },
  ],
};
