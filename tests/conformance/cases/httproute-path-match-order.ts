import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-path-match-order.go (v1.6.1). */
export const HTTPRoutePathMatchOrder: PortedTest = {
  shortName: "HTTPRoutePathMatchOrder",
  source: "httproute-path-match-order.go",
  gateway: "same-namespace",
  cases: [
    {
      request: { path: "/match/exact/one" },
      backend: "infra-backend-v3",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/match/exact" },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/match" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/match/prefix/one/any" },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/match/prefix/any" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/match/any" },
      backend: "infra-backend-v3",
      namespace: "gateway-conformance-infra",
    },
  ],
};
