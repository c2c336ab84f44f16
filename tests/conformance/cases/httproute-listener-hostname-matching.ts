import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-listener-hostname-matching.go (v1.6.1). */
export const HTTPRouteListenerHostnameMatching: PortedTest = {
  shortName: "HTTPRouteListenerHostnameMatching",
  source: "httproute-listener-hostname-matching.go",
  gateway: "httproute-listener-hostname-matching",
  cases: [
    {
      request: { host: "bar.com", path: "/" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "foo.bar.com", path: "/" },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "baz.bar.com", path: "/" },
      backend: "infra-backend-v3",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "boo.bar.com", path: "/" },
      backend: "infra-backend-v3",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "multiple.prefixes.bar.com", path: "/" },
      backend: "infra-backend-v3",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "multiple.prefixes.foo.com", path: "/" },
      backend: "infra-backend-v3",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "foo.com", path: "/" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "no.matching.host", path: "/" },
      response: { statusCode: 404 },
    },
  ],
};
