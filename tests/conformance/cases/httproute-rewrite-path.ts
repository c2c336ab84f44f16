import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-rewrite-path.go (v1.6.1). */
export const HTTPRouteRewritePath: PortedTest = {
  shortName: "HTTPRouteRewritePath",
  source: "httproute-rewrite-path.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        path: "/prefix/one/two",
      },
      expectedRequest: {
        request: {
          path: "/one/two",
        },
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/strip-prefix/three",
      },
      expectedRequest: {
        request: {
          path: "/three",
        },
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/strip-prefix",
      },
      expectedRequest: {
        request: {
          path: "/",
        },
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/full/one/two",
      },
      expectedRequest: {
        request: {
          path: "/one",
        },
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/full/rewrite-path-and-modify-headers/test",
        headers: {
          "X-Header-Remove": "remove-val",
          "X-Header-Add-Append": "append-val-1",
          "X-Header-Set": "set-val",
        },
      },
      expectedRequest: {
        request: {
          path: "/test",
          headers: {
            "X-Header-Add": "header-val-1",
            "X-Header-Add-Append": "append-val-1,header-val-2",
            "X-Header-Set": "set-overwrites-values",
          },
        },
        absentHeaders: ["X-Header-Remove"],
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/prefix/rewrite-path-and-modify-headers/one",
        headers: {
          "X-Header-Remove": "remove-val",
          "X-Header-Add-Append": "append-val-1",
          "X-Header-Set": "set-val",
        },
      },
      expectedRequest: {
        request: {
          path: "/prefix/one",
          headers: {
            "X-Header-Add": "header-val-1",
            "X-Header-Add-Append": "append-val-1,header-val-2",
            "X-Header-Set": "set-overwrites-values",
          },
        },
        absentHeaders: ["X-Header-Remove"],
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
  ],
};
