import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-method-matching.go (v1.6.1). */
export const HTTPRouteMethodMatching: PortedTest = {
  shortName: "HTTPRouteMethodMatching",
  source: "httproute-method-matching.go",
  gateway: "same-namespace",
  cases: [
    {
      request: { method: "POST", path: "/" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { method: "GET", path: "/" },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { method: "HEAD", path: "/" },
      response: { statusCode: 404 },
    },

    {
      request: { path: "/path1", method: "GET" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { headers: { version: "one" }, path: "/", method: "PUT" },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { headers: { version: "two" }, path: "/path2", method: "POST" },
      backend: "infra-backend-v3",
      namespace: "gateway-conformance-infra",
    },

    {
      request: { path: "/path3", method: "PATCH" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { headers: { version: "three" }, path: "/path4", method: "DELETE" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },

    {
      request: { path: "/", method: "PUT" },
      response: { statusCode: 404 },
    },
    {
      request: { path: "/path4", method: "DELETE" },
      response: { statusCode: 404 },
    },

    {
      request: { path: "/path5", method: "PATCH" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { headers: { version: "four" }, path: "/", method: "PATCH" },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
  ],
};
