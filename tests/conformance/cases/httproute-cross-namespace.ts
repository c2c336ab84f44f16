import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-cross-namespace.go (v1.6.1). */
export const HTTPRouteCrossNamespace: PortedTest = {
  shortName: "HTTPRouteCrossNamespace",
  source: "httproute-cross-namespace.go",
  gateway: "backend-namespaces",
  cases: [
    {
      request: { path: "/" },
      response: { statusCode: 200 },
      backend: "web-backend",
      namespace: "gateway-conformance-web-backend",
    },
  ],
};
