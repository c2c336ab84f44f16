import type { PortedTest } from "../harness/types.ts";

/**
 * Ported from gateway-api/conformance/tests/httproute-redirect-port-and-scheme.go (v1.6.1): redirects that set the
 * scheme, the port, both or neither, from an HTTP listener on 80, one on 8080 and an HTTPS listener on 443 (TLS
 * requests with SNI example.org). Where the filter names no port, the Location carries the listener's port unless it
 * is the scheme's default.
 */
export const HTTPRouteRedirectPortAndScheme: PortedTest = {
  shortName: "HTTPRouteRedirectPortAndScheme",
  source: "httproute-redirect-port-and-scheme.go",
  gateway: "same-namespace",
  cases: [
    {
      request: { path: "/scheme-nil-and-port-nil", unfollowRedirect: true },
      response: { statusCode: 302 },
      redirectRequest: { scheme: "http", host: "example.org" },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/scheme-nil-and-port-80", unfollowRedirect: true },
      response: { statusCode: 302 },
      redirectRequest: { scheme: "http", host: "example.org" },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/scheme-nil-and-port-8080", unfollowRedirect: true },
      response: { statusCode: 302 },
      redirectRequest: { scheme: "http", host: "example.org", port: "8080" },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/scheme-https-and-port-nil", unfollowRedirect: true },
      response: { statusCode: 302 },
      redirectRequest: { scheme: "https", host: "example.org" },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/scheme-https-and-port-443", unfollowRedirect: true },
      response: { statusCode: 302 },
      redirectRequest: { scheme: "https", host: "example.org" },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/scheme-https-and-port-8443", unfollowRedirect: true },
      response: { statusCode: 302 },
      redirectRequest: { scheme: "https", host: "example.org", port: "8443" },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/scheme-nil-and-port-nil", unfollowRedirect: true },
      gateway: "same-namespace-with-http-listener-on-8080",
      listenerPort: 8080,
      response: { statusCode: 302 },
      redirectRequest: { scheme: "http", host: "example.org", port: "8080" },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/scheme-nil-and-port-80", unfollowRedirect: true },
      gateway: "same-namespace-with-http-listener-on-8080",
      listenerPort: 8080,
      response: { statusCode: 302 },
      redirectRequest: { scheme: "http", host: "example.org" },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/scheme-https-and-port-nil", unfollowRedirect: true },
      gateway: "same-namespace-with-http-listener-on-8080",
      listenerPort: 8080,
      response: { statusCode: 302 },
      redirectRequest: { scheme: "https", host: "example.org" },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "example.org", path: "/scheme-nil-and-port-nil", unfollowRedirect: true },
      gateway: "same-namespace-with-https-listener",
      listenerPort: 443,
      https: true,
      response: { statusCode: 302 },
      redirectRequest: { scheme: "https", host: "example.org" },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "example.org", path: "/scheme-nil-and-port-443", unfollowRedirect: true },
      gateway: "same-namespace-with-https-listener",
      listenerPort: 443,
      https: true,
      response: { statusCode: 302 },
      redirectRequest: { scheme: "https", host: "example.org" },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "example.org", path: "/scheme-nil-and-port-8443", unfollowRedirect: true },
      gateway: "same-namespace-with-https-listener",
      listenerPort: 443,
      https: true,
      response: { statusCode: 302 },
      redirectRequest: { scheme: "https", host: "example.org", port: "8443" },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "example.org", path: "/scheme-http-and-port-nil", unfollowRedirect: true },
      gateway: "same-namespace-with-https-listener",
      listenerPort: 443,
      https: true,
      response: { statusCode: 302 },
      redirectRequest: { scheme: "http", host: "example.org" },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "example.org", path: "/scheme-http-and-port-80", unfollowRedirect: true },
      gateway: "same-namespace-with-https-listener",
      listenerPort: 443,
      https: true,
      response: { statusCode: 302 },
      redirectRequest: { scheme: "http", host: "example.org" },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "example.org", path: "/scheme-http-and-port-8080", unfollowRedirect: true },
      gateway: "same-namespace-with-https-listener",
      listenerPort: 443,
      https: true,
      response: { statusCode: 302 },
      redirectRequest: { scheme: "http", host: "example.org", port: "8080" },
      namespace: "gateway-conformance-infra",
    },
  ],
};
