import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-matching-across-routes.go (v1.6.1). */
export const HTTPRouteMatchingAcrossRoutes: PortedTest = {
  shortName: "HTTPRouteMatchingAcrossRoutes",
  source: "httproute-matching-across-routes.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        host: "example.com",
        path: "/",
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        host: "example.com",
        path: "/example",
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        host: "example.net",
        path: "/example",
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        host: "example.com",
        path: "/example",
        headers: { Version: "one" },
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        host: "example.com",
        path: "/v2",
      },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        // v2 matches are limited to example.com
        host: "example.net",
        path: "/v2",
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        host: "example.com",
        path: "/v2/example",
      },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        host: "example.com",
        path: "/",
        headers: { Version: "two" },
      },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
  ],
};
