import { DEMO_REGISTRY_TOKEN } from "../../lib/core/demo/registry.ts";

export interface DemoInstance {
  id: string;
  service: string;
  version: string;
  port: number;
  /** Its sidecar's inbound port, where peers reach it (mTLS); the health check still asks the app itself. */
  sidecarPort?: number;
}

/**
 * Registers a demo upstream the way any Consul client would: PUT /v1/agent/service/register on the console's
 * Consul-compatible port, with an HTTP health check every second (two failures in a row make it critical). A meshed
 * instance registers its sidecar's inbound port and keeps its check on the app's port, as Consul Connect does:
 * the console's plaintext check would be refused by a STRICT sidecar.
 */
export async function registerDemoInstance(consulUrl: string, i: DemoInstance): Promise<void> {
  const res = await fetchRetryingRefusals(`${consulUrl}/v1/agent/service/register`, {
    method: "PUT",
    headers: { "x-consul-token": DEMO_REGISTRY_TOKEN, "content-type": "application/json" },
    body: JSON.stringify({
      ID: i.id,
      Name: i.service,
      Address: "127.0.0.1",
      Port: i.sidecarPort ?? i.port,
      Tags: ["demo", `version=${i.version}`],
      Meta: { app: i.service, version: i.version },
      Check: {
        CheckID: `${i.id}-http`,
        Name: `${i.service} ${i.version} HTTP`,
        HTTP: `http://127.0.0.1:${i.port}/healthz`,
        Interval: "1s",
        Timeout: "500ms",
        FailuresBeforeCritical: 2,
      },
    }),
  });
  if (!res.ok) throw new Error(`registering ${i.id}: ${res.status} ${await res.text()}`);
}

/**
 * A loaded machine can answer the console's health check a moment before the Consul port takes connections: a
 * refused or reset connection is tried again, a few times, before the demo gives up on the instance.
 */
async function fetchRetryingRefusals(url: string, init: RequestInit, attempts = 10): Promise<Response> {
  for (let n = 1; ; n++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (n >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export async function deregisterDemoInstance(consulUrl: string, id: string): Promise<void> {
  await fetch(`${consulUrl}/v1/agent/service/deregister/${encodeURIComponent(id)}`, {
    method: "PUT",
    headers: { "x-consul-token": DEMO_REGISTRY_TOKEN },
  }).catch(() => undefined);
}
