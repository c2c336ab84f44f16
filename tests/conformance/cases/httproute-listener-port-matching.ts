import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-listener-port-matching.go (v1.6.1). */
export const HTTPRouteListenerPortMatching: PortedTest = {
  shortName: "HTTPRouteListenerPortMatching",
  source: "httproute-listener-port-matching.go",
  gateway: "httproute-listener-port-matching",
  // The Go test sends each request to the gateway address of the listener its Host port names.
  cases: [
    {
      request: { host: "foo.com", path: "/" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "foo.com:8080", path: "/" },
      listenerPort: 8080,
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "bar.com:8080", path: "/" },
      listenerPort: 8080,
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "foo.com:8090", path: "/" },
      listenerPort: 8090,
      backend: "infra-backend-v3",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { host: "bar.com:8090", path: "/" },
      listenerPort: 8090,
      response: { statusCode: 404 },
    },
  ],
};
