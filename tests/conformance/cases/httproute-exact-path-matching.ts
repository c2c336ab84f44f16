import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-exact-path-matching.go (v1.6.1). */
export const HTTPRouteExactPathMatching: PortedTest = {
  shortName: "HTTPRouteExactPathMatching",
  source: "httproute-exact-path-matching.go",
  gateway: "same-namespace",
  cases: [
    {
      request: { path: "/one" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/two" },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/" },
      response: { statusCode: 404 },
    },
    {
      request: { path: "/one/example" },
      response: { statusCode: 404 },
    },
    {
      request: { path: "/two/" },
      response: { statusCode: 404 },
    },
    {
      request: { path: "/Two" },
      response: { statusCode: 404 },
    },
  ],
};
