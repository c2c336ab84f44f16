import type { PortedTest } from "../harness/types.ts";

const ns = "gateway-conformance-infra";

/** Ported from gateway-api/conformance/tests/httproute-multiple-gateways.go (v1.6.1). */
export const HTTPRouteMultipleGateways: PortedTest = {
  shortName: "HTTPRouteMultipleGateways",
  source: "httproute-multiple-gateways.go",
  gateway: "same-namespace",
  cases: [
    {
      testCaseName: "Gateway same-namespace: shared route is accessible and routed to infra-backend-v1",
      request: { path: "/shared" },
      response: { statusCode: 200 },
      backend: "infra-backend-v1",
      namespace: ns,
    },
    {
      testCaseName: "Gateway same-namespace: dedicated route is accessible and routed to infra-backend-v2",
      request: { path: "/" },
      response: { statusCode: 200 },
      backend: "infra-backend-v2",
      namespace: ns,
    },
    {
      testCaseName: "Gateway all-namespaces: shared route is accessible and routed to infra-backend-v1",
      gateway: "all-namespaces",
      request: { path: "/shared" },
      response: { statusCode: 200 },
      backend: "infra-backend-v1",
      namespace: ns,
    },
    {
      testCaseName: "Gateway all-namespaces: dedicated route is accessible and routed to infra-backend-v3",
      gateway: "all-namespaces",
      request: { path: "/" },
      response: { statusCode: 200 },
      backend: "infra-backend-v3",
      namespace: ns,
    },
  ],
};
