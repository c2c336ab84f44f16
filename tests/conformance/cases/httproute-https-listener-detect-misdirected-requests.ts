import type { ConformanceCase, PortedTest } from "../harness/types.ts";

/** The Go table: TLS server name, Host, and the status (and backend) expected for it. */
const table: [serverName: string, host: string, status: number, backend?: string][] = [
  ["example.org", "example.org", 200, "infra-backend-v1"],
  ["example.org", "second-example.org", 421],
  ["example.org", "unknown-example.org", 404],

  ["second-example.org", "second-example.org", 200, "infra-backend-v2"],
  ["second-example.org", "example.org", 421],
  ["second-example.org", "unknown-example.org", 421],

  ["third-example.wildcard.org", "third-example.wildcard.org", 200, "infra-backend-v3"],
  ["third-example.wildcard.org", "fith-example.wildcard.org", 200, "infra-backend-v3"],
  ["third-example.wildcard.org", "fourth-example.wildcard.org", 421],
  ["third-example.wildcard.org", "second-example.org", 421],
  ["third-example.wildcard.org", "unknown-example.org", 421],

  // Upstream: since infra-backend-v4 does not exist, infra-backend-v1 is reused for the fourth HTTPRoute.
  ["fourth-example.wildcard.org", "fourth-example.wildcard.org", 200, "infra-backend-v1"],
  ["fourth-example.wildcard.org", "fith-example.wildcard.org", 421],

  ["unknown-example.org", "example.org", 200, "infra-backend-v1"],
  ["unknown-example.org", "unknown-example.org", 404],
];

/**
 * Ported from gateway-api/conformance/tests/httproute-https-listener-detect-misdirected-requests.go (v1.6.1):
 * HTTP/2 requests over TLS to port 443, whose SNI and Host may select different listeners (421 then).
 */
export const HTTPRouteHTTPSListenerDetectMisdirectedRequests: PortedTest = {
  shortName: "HTTPRouteHTTPSListenerDetectMisdirectedRequests",
  source: "httproute-https-listener-detect-misdirected-requests.go",
  gateway: "same-namespace-with-https-listener",
  cases: table.map(([serverName, host, status, backend]): ConformanceCase => ({
    request: { host, path: "/detect-misdirected-requests" },
    listenerPort: 443,
    https: true,
    serverName,
    protocol: "h2",
    response: { statusCode: status },
    backend,
    namespace: "gateway-conformance-infra",
  })),
};
