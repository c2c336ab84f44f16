import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-named-rule.go (v1.6.1). */
export const HTTPRouteNamedRule: PortedTest = {
  shortName: "HTTPRouteNamedRule",
  source: "httproute-named-rule.go",
  gateway: "same-namespace",
  cases: [
    {
      request: { path: "/named" },
      response: { statusCode: 200 },
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/unnamed" },
      response: { statusCode: 200 },
      namespace: "gateway-conformance-infra",
    },
  ],
};
