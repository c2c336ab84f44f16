import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-request-multiple-mirrors.go (v1.6.1). */
export const HTTPRouteRequestMultipleMirrors: PortedTest = {
  shortName: "HTTPRouteRequestMultipleMirrors",
  source: "httproute-request-multiple-mirrors.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        path: "/multi-mirror",
      },
      expectedRequest: {
        request: {
          path: "/multi-mirror",
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
        {
          backendRef: {
            name: "infra-backend-v3",
            namespace: "gateway-conformance-infra",
          },
        },
      ],
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/multi-mirror-and-modify-request-headers",
        headers: {
          "X-Header-Remove": "remove-val",
          "X-Header-Add-Append": "append-val-1",
        },
      },
      expectedRequest: {
        request: {
          path: "/multi-mirror-and-modify-request-headers",
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
        {
          backendRef: {
            name: "infra-backend-v3",
            namespace: "gateway-conformance-infra",
          },
        },
      ],
    },
  ],
};
