import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-invalid-backendref-unknown-kind.go (v1.6.1). */
export const HTTPRouteInvalidBackendRefUnknownKind: PortedTest = {
  shortName: "HTTPRouteInvalidBackendRefUnknownKind",
  source: "httproute-invalid-backendref-unknown-kind.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        method: "GET",
        path: "/v2",
      },
      response: { statusCode: 500 },
    },
  ],
};
