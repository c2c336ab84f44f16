import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-timeout-request.go (v1.6.1). */
export const HTTPRouteTimeoutRequest: PortedTest = {
  shortName: "HTTPRouteTimeoutRequest",
  source: "httproute-timeout-request.go",
  gateway: "same-namespace",
  cases: [
    {
      request: { path: "/request-timeout" },
      response: { statusCode: 200 },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/request-timeout?delay=1s" },
      response: { statusCode: 504 },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/disable-request-timeout?delay=1s" },
      response: { statusCode: 200 },
      namespace: "gateway-conformance-infra",
    },
  ],
};
