import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-rewrite-host.go (v1.6.1). */
export const HTTPRouteRewriteHost: PortedTest = {
  shortName: "HTTPRouteRewriteHost",
  source: "httproute-rewrite-host.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        path: "/one",
        host: "rewrite.example",
      },
      expectedRequest: {
        request: {
          path: "/one",
          host: "one.example.org",
        },
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/two",
        host: "rewrite.example",
      },
      expectedRequest: {
        request: {
          path: "/two",
          host: "example.org",
        },
      },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/rewrite-host-and-modify-headers",
        host: "rewrite.example",
        headers: {
          "X-Header-Remove": "remove-val",
          "X-Header-Add-Append": "append-val-1",
        },
      },
      expectedRequest: {
        request: {
          path: "/rewrite-host-and-modify-headers",
          host: "test.example.org",
          headers: {
            "X-Header-Add": "header-val-1",
            "X-Header-Add-Append": "append-val-1,header-val-2",
            "X-Header-Set": "set-overwrites-values",
          },
        },
        absentHeaders: ["X-Header-Remove"],
      },
      backend: "infra-backend-v2",
      namespace: "gateway-conformance-infra",
    },
  ],
};
