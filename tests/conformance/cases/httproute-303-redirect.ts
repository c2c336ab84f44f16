import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-303-redirect.go (v1.6.1). */
export const HTTPRoute303Redirect: PortedTest = {
  shortName: "HTTPRoute303Redirect",
  source: "httproute-303-redirect.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        path: "/see-other",
        unfollowRedirect: true,
        method: "POST",
      },
      response: {
        statusCode: 303,
      },
      redirectRequest: {
        path: "/see-other",
      },
      namespace: "gateway-conformance-infra",
    },
  ],
};
