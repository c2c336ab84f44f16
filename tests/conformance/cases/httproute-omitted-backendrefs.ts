import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-omitted-backendrefs.go (v1.6.1). */
export const HTTPRouteNoBackendRefs: PortedTest = {
  shortName: "HTTPRouteNoBackendRefs",
  source: "httproute-omitted-backendrefs.go",
  gateway: "same-namespace",
  cases: [
    {
      request: { path: "/forward" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/omitted-no-forward" },
      response: { statusCode: 500 },
    },
    {
      request: { path: "/empty-no-forward" },
      response: { statusCode: 500 },
    },
  ],
};
