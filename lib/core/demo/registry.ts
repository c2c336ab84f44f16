/**
 * The demo's registration token: `npm start` seeds it (demo seed only, so on a loopback console) and the demo
 * upstreams register themselves with it through the Consul-compatible API. A published secret, like the demo
 * passwords: never on an exposed console.
 */
export const DEMO_REGISTRY_TOKEN = "signalbox-demo-registry-token";
export const DEMO_REGISTRY_TOKEN_NAME = "demo-upstreams";
