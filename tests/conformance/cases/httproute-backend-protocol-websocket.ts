import type { PortedTest } from "../harness/types.ts";

/**
 * Ported from gateway-api/conformance/tests/httproute-backend-protocol-websocket.go (v1.6.1): a WebSocket dial to
 * ws://<gateway>/ws (Origin ws://gateway/<subtest name>) through the route to infra-backend-v1's port 8082
 * (appProtocol kubernetes.io/ws), then a text and a binary message echoed back.
 */
export const HTTPRouteBackendProtocolWebSocket: PortedTest = {
  shortName: "HTTPRouteBackendProtocolWebSocket",
  source: "httproute-backend-protocol-websocket.go",
  gateway: "same-namespace",
  cases: [
    {
      testCaseName: "websocket connection should reach backend",
      request: { path: "/ws" },
      websocket: {
        origin:
          "ws://gateway/TestConformance/HTTPRouteBackendProtocolWebSocket/websocket_connection_should_reach_backend",
        text: "Websocket Support!",
        binary: [1, 2, 3, 4, 5, 6, 7],
      },
    },
  ],
};
