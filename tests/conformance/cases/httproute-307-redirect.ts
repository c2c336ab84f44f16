import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-307-redirect.go (v1.6.1). */
export const HTTPRoute307Redirect: PortedTest = {
  shortName: "HTTPRoute307Redirect",
  source: "httproute-307-redirect.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        path: "/temporary",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 307,
      },
      redirectRequest: {
        path: "/temporary",
      },
      namespace: "gateway-conformance-infra",
    },
  ],
};
