import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-query-param-matching.go (v1.6.1). */
export const HTTPRouteQueryParamMatching: PortedTest = {
  shortName: "HTTPRouteQueryParamMatching",
  source: "httproute-query-param-matching.go",
  gateway: "same-namespace",
  cases: [
    {
      request: { path: "/?animal=whale" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/?animal=dolphin" },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/?animal=dolphin&color=blue" },
      backend: "infra-backend-v3",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/?ANIMAL=Whale" },
      backend: "infra-backend-v3",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/?animal=whale&otherparam=irrelevant" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/?animal=dolphin&color=yellow" },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { path: "/?color=blue" },
      response: { statusCode: 404 },
    },
    {
      request: { path: "/?animal=dog" },
      response: { statusCode: 404 },
    },
    {
      request: { path: "/?animal=whaledolphin" },
      response: { statusCode: 404 },
    },
    {
      request: { path: "/" },
      response: { statusCode: 404 },
    },

    {
      request: { path: "/path1?animal=whale" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { headers: { version: "one" }, path: "/?animal=whale" },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { headers: { version: "two" }, path: "/path2?animal=whale" },
      backend: "infra-backend-v3",
      namespace: "gateway-conformance-infra",
    },

    {
      request: { path: "/path3?animal=shark" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { headers: { version: "three" }, path: "/path4?animal=kraken" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },

    {
      request: { path: "/?animal=shark" },
      response: { statusCode: 404 },
    },
    {
      request: { path: "/path4?animal=kraken" },
      response: { statusCode: 404 },
    },

    {
      request: { path: "/path5?animal=hydra" },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: { headers: { version: "four" }, path: "/?animal=hydra" },
      backend: "infra-backend-v3",
      namespace: "gateway-conformance-infra",
    },
  ],
};
