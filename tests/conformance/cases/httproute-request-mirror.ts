import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-request-mirror.go (v1.6.1). */
export const HTTPRouteRequestMirror: PortedTest = {
  shortName: "HTTPRouteRequestMirror",
  source: "httproute-request-mirror.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        path: "/mirror",
      },
      expectedRequest: {
        request: {
          path: "/mirror",
        },
      },
      backend: "infra-backend-v1",
      mirroredTo: [
        {
          backendRef: {
            name: "infra-backend-v2",
            namespace: "gateway-conformance-infra",
          },
        },
      ],
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/mirror-and-modify-headers",
        headers: {
          "X-Header-Remove": "remove-val",
          "X-Header-Add-Append": "append-val-1",
        },
      },
      expectedRequest: {
        request: {
          path: "/mirror-and-modify-headers",
          headers: {
            "X-Header-Add": "header-val-1",
            "X-Header-Add-Append": "append-val-1,header-val-2",
            "X-Header-Set": "set-overwrites-values",
          },
        },
        absentHeaders: ["X-Header-Remove"],
      },
      namespace: "gateway-conformance-infra",
      backend: "infra-backend-v1",
      mirroredTo: [
        {
          backendRef: {
            name: "infra-backend-v2",
            namespace: "gateway-conformance-infra",
          },
        },
      ],
    },
  ],
};
