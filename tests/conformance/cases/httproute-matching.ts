import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-matching.go (v1.6.1). */
export const HTTPRouteMatching: PortedTest = {
  shortName: "HTTPRouteMatching",
  source: "httproute-matching.go",
  gateway: "same-namespace",
  cases: [
    {
      request: { path: "/" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/example" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/", headers: { Version: "one" } },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/v2" },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/v2/example" },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/", headers: { Version: "two" } },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/v2/" },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      // Not a path segment prefix so should not match /v2.
      request: { path: "/v2example" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/foo/v2/example" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
  ],
};
