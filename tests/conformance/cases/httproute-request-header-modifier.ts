import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-request-header-modifier.go (v1.6.1). */
export const HTTPRouteRequestHeaderModifier: PortedTest = {
  shortName: "HTTPRouteRequestHeaderModifier",
  source: "httproute-request-header-modifier.go",
  gateway: "same-namespace",
  cases: [
    {
      request: {
        path: "/set",
        headers: {
          "Some-Other-Header": "val",
        },
      },
      expectedRequest: {
        request: {
          path: "/set",
          headers: {
            "Some-Other-Header": "val",
            "X-Header-Set": "set-overwrites-values",
          },
        },
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/set",
        headers: {
          "Some-Other-Header": "val",
          "X-Header-Set": "some-other-value",
        },
      },
      expectedRequest: {
        request: {
          path: "/set",
          headers: {
            "Some-Other-Header": "val",
            "X-Header-Set": "set-overwrites-values",
          },
        },
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/add",
        headers: {
          "Some-Other-Header": "val",
        },
      },
      expectedRequest: {
        request: {
          path: "/add",
          headers: {
            "Some-Other-Header": "val",
            "X-Header-Add": "add-appends-values",
          },
        },
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/add",
        headers: {
          "Some-Other-Header": "val",
          "X-Header-Add": "some-other-value",
        },
      },
      expectedRequest: {
        request: {
          path: "/add",
          headers: {
            "Some-Other-Header": "val",
            "X-Header-Add": "some-other-value,add-appends-values",
          },
        },
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/remove",
        headers: {
          "X-Header-Remove": "val",
        },
      },
      expectedRequest: {
        request: {
          path: "/remove",
        },
        absentHeaders: ["X-Header-Remove"],
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/multiple",
        headers: {
          "X-Header-Set-2": "set-val-2",
          "X-Header-Add-2": "add-val-2",
          "X-Header-Remove-2": "remove-val-2",
          "Another-Header": "another-header-val",
        },
      },
      expectedRequest: {
        request: {
          path: "/multiple",
          headers: {
            "X-Header-Set-1": "header-set-1",
            "X-Header-Set-2": "header-set-2",
            "X-Header-Add-1": "header-add-1",
            "X-Header-Add-2": "add-val-2,header-add-2",
            "X-Header-Add-3": "header-add-3",
            "Another-Header": "another-header-val",
          },
        },
        absentHeaders: ["X-Header-Remove-1", "X-Header-Remove-2"],
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
    {
      request: {
        path: "/case-insensitivity",
        // The filter uses canonicalized header names,
        // the request uses lowercase names.
        headers: {
          "x-header-set": "original-val-set",
          "x-header-add": "original-val-add",
          "x-header-remove": "original-val-remove",
          "Another-Header": "another-header-val",
        },
      },
      expectedRequest: {
        request: {
          path: "/case-insensitivity",
          headers: {
            "X-Header-Set": "header-set",
            "X-Header-Add": "original-val-add,header-add",
            "Another-Header": "another-header-val",
          },
        },
        absentHeaders: ["x-header-remove", "X-Header-Remove"],
      },
      backend: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    },
  ],
};

/** The same Go test body (Test: HTTPRouteRequestHeaderModifier.Test) over backendRef-level filters. */
export const HTTPRouteBackendRequestHeaderModifier: PortedTest = {
  ...HTTPRouteRequestHeaderModifier,
  shortName: "HTTPRouteBackendRequestHeaderModifier",
};
