import type { PortedTest } from "../harness/types.ts";

/**
 * Ported from gateway-api/conformance/tests/httproute-https-listener.go (v1.6.1): TLS requests (SNI = Host) to the
 * gateway's port 443, where one listener takes any host and another only second-example.org.
 */
export const HTTPRouteHTTPSListener: PortedTest = {
  shortName: "HTTPRouteHTTPSListener",
  source: "httproute-https-listener.go",
  gateway: "same-namespace-with-https-listener",
  cases: [
    {
      request: { host: "example.org", path: "/" },
      listenerPort: 443,
      https: true,
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "unknown-example.org", path: "/" },
      listenerPort: 443,
      https: true,
      response: { statusCode: 404 },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "second-example.org", path: "/" },
      listenerPort: 443,
      https: true,
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
  ],
};
