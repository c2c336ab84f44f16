import type { PortedTest } from "../harness/types.ts";

/**
 * Ported from gateway-api/conformance/tests/httproute-backend-protocol-h2c.go (v1.6.1): an HTTP/2 prior-knowledge
 * request through the route to infra-backend-v1's port 8081 (appProtocol kubernetes.io/h2c, targetPort 3001, where
 * the echo backend speaks cleartext HTTP/2 only) must reach the backend. The h2c Upgrade mechanism is not tested
 * (deprecated, as the Go test says).
 */
export const HTTPRouteBackendProtocolH2C: PortedTest = {
  shortName: "HTTPRouteBackendProtocolH2C",
  source: "httproute-backend-protocol-h2c.go",
  gateway: "same-namespace",
  cases: [
    {
      testCaseName: "http2 prior knowledge request should reach backend",
      request: { path: "/", protocol: "H2C_PRIOR_KNOWLEDGE" },
      response: { statusCode: 200 },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
  ],
};
