import type { ConformanceCase, PortedTest } from "../harness/types.ts";

/** The Go test sends the same requests to two gateways, one subtest each. */
const testCases: ConformanceCase[] = [
  // Requests to the empty-hostname listener
  {
    request: { host: "bar.com", path: "/empty-hostname" },
    backend: "infra-backend-v1",
    namespace: "gateway-conformance-infra",
  },
  {
    request: { host: "bar.com", path: "/wildcard-example-com" },
    response: { statusCode: 404 },
  },
  {
    request: { host: "bar.com", path: "/wildcard-foo-example-com" },
    response: { statusCode: 404 },
  },
  {
    request: { host: "bar.com", path: "/abc-foo-example-com" },
    response: { statusCode: 404 },
  },
  // Requests to the wildcard-example-com listener
  {
    request: { host: "bar.example.com", path: "/empty-hostname" },
    response: { statusCode: 404 },
  },
  {
    request: { host: "bar.example.com", path: "/wildcard-example-com" },
    backend: "infra-backend-v1",
    namespace: "gateway-conformance-infra",
  },
  {
    request: { host: "bar.example.com", path: "/wildcard-foo-example-com" },
    response: { statusCode: 404 },
  },
  {
    request: { host: "bar.example.com", path: "/abc-foo-example-com" },
    response: { statusCode: 404 },
  },
  // Requests to the foo-wildcard-example-com listener
  {
    request: { host: "bar.foo.example.com", path: "/empty-hostname" },
    response: { statusCode: 404 },
  },
  {
    request: { host: "bar.foo.example.com", path: "/wildcard-example-com" },
    response: { statusCode: 404 },
  },
  {
    request: { host: "bar.foo.example.com", path: "/wildcard-foo-example-com" },
    backend: "infra-backend-v1",
    namespace: "gateway-conformance-infra",
  },
  {
    request: { host: "bar.foo.example.com", path: "/abc-foo-example-com" },
    response: { statusCode: 404 },
  },
  // Requests to the abc-foo-example-com listener
  {
    request: { host: "abc.foo.example.com", path: "/empty-hostname" },
    response: { statusCode: 404 },
  },
  {
    request: { host: "abc.foo.example.com", path: "/wildcard-example-com" },
    response: { statusCode: 404 },
  },
  {
    request: { host: "abc.foo.example.com", path: "/wildcard-foo-example-com" },
    response: { statusCode: 404 },
    namespace: "gateway-conformance-infra",
  },
  {
    request: { host: "abc.foo.example.com", path: "/abc-foo-example-com" },
    backend: "infra-backend-v1",
    namespace: "gateway-conformance-infra",
  },
];

const toGateway = (gateway: string, subtest: string) =>
  testCases.map((c, i): ConformanceCase => ({ ...c, gateway, testCaseName: `${subtest}: ${i}` }));

/** Ported from gateway-api/conformance/tests/gateway-http-listener-isolation.go (v1.6.1). */
export const GatewayHTTPListenerIsolation: PortedTest = {
  shortName: "GatewayHTTPListenerIsolation",
  source: "gateway-http-listener-isolation.go",
  gateway: "http-listener-isolation",
  cases: [
    ...toGateway("http-listener-isolation", "hostnames are configured only in listeners"),
    ...toGateway(
      "http-listener-isolation-with-hostname-intersection",
      "intersecting hostnames are configured in listeners and HTTPRoutes",
    ),
  ],
};
