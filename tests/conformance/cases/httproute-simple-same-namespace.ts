import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-simple-same-namespace.go (v1.6.1). */
export const HTTPRouteSimpleSameNamespace: PortedTest = {
  shortName: "HTTPRouteSimpleSameNamespace",
  source: "httproute-simple-same-namespace.go",
  gateway: "same-namespace",
  cases: [
    {
      request: { path: "/" },
      response: { statusCode: 200 },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
  ],
};
