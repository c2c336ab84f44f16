import "server-only";
import { startCheckRunner } from "./check-runner.ts";
import { startConsulServer } from "./consul-server.ts";
import { startRegistryListener } from "./registry-listener.ts";

/** The registry's background parts, once per console process: the NOTIFY listener, the checks, the Consul API. */
export async function startRegistry(): Promise<void> {
  await startRegistryListener();
  startCheckRunner();
  await startConsulServer();
}
