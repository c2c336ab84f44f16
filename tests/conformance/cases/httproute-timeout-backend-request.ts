import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-timeout-backend-request.go (v1.6.1). */
export const HTTPRouteTimeoutBackendRequest: PortedTest = {
  shortName: "HTTPRouteTimeoutBackendRequest",
  source: "httproute-timeout-backend-request.go",
  gateway: "same-namespace",
  cases: [
    {
      request: { path: "/backend-timeout" },
      response: { statusCode: 200 },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/backend-timeout?delay=1s" },
      response: { statusCode: 504 },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/disable-backend-timeout?delay=1s" },
      response: { statusCode: 200 },
      namespace: "gateway-conformance-infra",
    },
  ],
};
