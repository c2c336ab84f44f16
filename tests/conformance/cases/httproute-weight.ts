import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-weight.go (v1.6.1). */
export const HTTPRouteWeight: PortedTest = {
  shortName: "HTTPRouteWeight",
  source: "httproute-weight.go",
  gateway: "same-namespace",
  cases: [
    {
      testCaseName: "Requests should have a distribution that matches the weight",
      request: { path: "/" },
      response: {
        statusCodes: [200],
      },
      namespace: "gateway-conformance-infra",
      weightedDistribution: { "infra-backend-v1": 0.7, "infra-backend-v2": 0.3, "infra-backend-v3": 0.0 },
    },
  ],
};
