import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-request-percentage-mirror.go (v1.6.1). */
export const HTTPRouteRequestPercentageMirror: PortedTest = {
  shortName: "HTTPRouteRequestPercentageMirror",
  source: "httproute-request-percentage-mirror.go",
  gateway: "same-namespace",
  cases: [
    {
      request: { path: "/percent-mirror" },
      namespace: "gateway-conformance-infra",
      expectedRequest: {
        request: {
          path: "/percent-mirror",
        },
      },
      backend: "infra-backend-v1",
      mirroredDistribution: true,
      mirroredTo: [
        {
          backendRef: {
            name: "infra-backend-v2",
            namespace: "gateway-conformance-infra",
          },
          percent: 20,
        },
      ],
    },
    {
      request: { path: "/percent-mirror-fraction" },
      namespace: "gateway-conformance-infra",
      expectedRequest: {
        request: {
          path: "/percent-mirror-fraction",
        },
      },
      backend: "infra-backend-v1",
      mirroredDistribution: true,
      mirroredTo: [
        {
          backendRef: {
            name: "infra-backend-v2",
            namespace: "gateway-conformance-infra",
          },
          percent: 50,
        },
      ],
    },
    {
      request: {
        path: "/percent-mirror-and-modify-headers",
        headers: {
          "X-Header-Remove": "remove-val",
          "X-Header-Add-Append": "append-val-1",
        },
      },
      expectedRequest: {
        request: {
          path: "/percent-mirror-and-modify-headers",
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
      mirroredDistribution: true,
      mirroredTo: [
        {
          backendRef: {
            name: "infra-backend-v2",
            namespace: "gateway-conformance-infra",
          },
          percent: 35,
        },
      ],
    },
  ],
};
