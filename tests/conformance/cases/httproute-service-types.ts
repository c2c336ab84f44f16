import type { ConformanceCase, PortedTest } from "../harness/types.ts";

/** The Go test loops over these Service types, one request each, all answered by infra-backend-v1's pods. */
const serviceTypes = ["manual-endpointslices", "headless-manual-endpointslices", "headless"];

/** Ported from gateway-api/conformance/tests/httproute-service-types.go (v1.6.1). */
export const HTTPRouteServiceTypes: PortedTest = {
  shortName: "HTTPRouteServiceTypes",
  source: "httproute-service-types.go",
  gateway: "same-namespace",
  // setupEndpointSlices: the manual EndpointSlices get infra-backend-v1's pod addresses.
  endpoints: { "manual-endpointslices": "infra-backend-v1", "headless-manual-endpointslices": "infra-backend-v1" },
  cases: serviceTypes.map((path): ConformanceCase => ({
    request: { path: `/${path}` },
    response: { statusCode: 200 },
    backend: "infra-backend-v1",
    namespace: "gateway-conformance-infra",
  })),
};
