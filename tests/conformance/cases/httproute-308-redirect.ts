import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-308-redirect.go (v1.6.1). */
export const HTTPRoute308Redirect: PortedTest = {
  shortName: "HTTPRoute308Redirect",
  source: "httproute-308-redirect.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        path: "/permanent",
        unfollowRedirect: true,
      },
      response: {
        statusCode: 308,
      },
      redirectRequest: {
        path: "/permanent",
      },
      namespace: "gateway-conformance-infra",
    },
  ],
};
