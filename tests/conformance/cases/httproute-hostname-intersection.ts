import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-hostname-intersection.go (v1.6.1). */
export const HTTPRouteHostnameIntersection: PortedTest = {
  shortName: "HTTPRouteHostnameIntersection",
  source: "httproute-hostname-intersection.go",
  gateway: "httproute-hostname-intersection",
  cases: [
    {
      request: { host: "very.specific.com", path: "/s1" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "very.specific.com:1234", path: "/s1" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "non.matching.com", path: "/s1" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "foo.nonmatchingwildcard.io", path: "/s1" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "foo.wildcard.io", path: "/s1" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "very.specific.com", path: "/non-matching-prefix" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "foo.wildcard.io", path: "/s2" },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "bar.wildcard.io", path: "/s2" },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "foo.bar.wildcard.io", path: "/s2" },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "non.matching.com", path: "/s2" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "wildcard.io", path: "/s2" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "very.specific.com", path: "/s2" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "foo.wildcard.io", path: "/non-matching-prefix" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "very.specific.com", path: "/s3" },
      backend: "infra-backend-v3",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "non.matching.com", path: "/s3" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "foo.specific.com", path: "/s3" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "foo.wildcard.io", path: "/s3" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "very.specific.com", path: "/non-matching-prefix" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "foo.anotherwildcard.io", path: "/s4" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "bar.anotherwildcard.io", path: "/s4" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "foo.bar.anotherwildcard.io", path: "/s4" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "anotherwildcard.io", path: "/s4" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "foo.wildcard.io", path: "/s4" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "very.specific.com", path: "/s4" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "foo.anotherwildcard.io", path: "/non-matching-prefix" },
      response: { statusCode: 404 },
    },

    {
      request: { host: "specific.but.wrong.com", path: "/s5" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "wildcard.io", path: "/s5" },
      response: { statusCode: 404 },
    },
    {
      request: { host: "first.com", path: "/" },
      gateway: "httproute-hostname-intersection-all",
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "sub.first.com", path: "/" },
      gateway: "httproute-hostname-intersection-all",
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "second.com", path: "/" },
      gateway: "httproute-hostname-intersection-all",
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "sub.second.com", path: "/" },
      gateway: "httproute-hostname-intersection-all",
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "third.com", path: "/" },
      gateway: "httproute-hostname-intersection-all",
      namespace: "gateway-conformance-infra",
      response: { statusCode: 404 },
    },
    {
      request: { host: "sub.third.com", path: "/" },
      gateway: "httproute-hostname-intersection-all",
      namespace: "gateway-conformance-infra",
      response: { statusCode: 404 },
    },
  ],
};
