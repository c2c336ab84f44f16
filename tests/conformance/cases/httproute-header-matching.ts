import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-header-matching.go (v1.6.1). */
export const HTTPRouteHeaderMatching: PortedTest = {
  shortName: "HTTPRouteHeaderMatching",
  source: "httproute-header-matching.go",
  gateway: "same-namespace",
  cases: [
    {
      request: { path: "/", headers: { Version: "one" } },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/", headers: { Version: "two" } },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/", headers: { Version: "two", Color: "orange" } },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/", headers: { Version: "two", Color: "blue" } },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/", headers: { Color: "orange" } },
      response: { statusCode: 404 },
    },
    {
      request: { path: "/", headers: { "Some-Other-Header": "one" } },
      response: { statusCode: 404 },
    },
    {
      request: { path: "/", headers: { Color: "blue" } },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/", headers: { Color: "green" } },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/", headers: { Color: "red" } },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/", headers: { Color: "yellow" } },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/", headers: { Color: "purple" } },
      response: { statusCode: 404 },
    },
  ],
};
