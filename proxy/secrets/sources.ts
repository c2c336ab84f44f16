import type { Logger } from "../log.ts";
import type { ProxyOptions } from "../options.ts";
import { ConsoleSecretsClient } from "./console-source.ts";
import { startSecretsDir } from "./file-source.ts";
import type { SecretStore } from "./store.ts";

/**
 * The credentials a proxy sends the console, built in this one place for the secrets client (the snapshot client
 * builds the same from the same option; keep them together when the proxy's identity replaces the shared token).
 */
export function consoleAuthHeaders(o: ProxyOptions): Record<string, string> {
  return o.token ? { authorization: `Bearer ${o.token}` } : {};
}

/** --secrets-dir (read once before this returns) and, with a console, secret discovery. */
export function startSecretSources(o: ProxyOptions, store: SecretStore, log: Logger): (() => Promise<void> | void)[] {
  const stoppers: (() => Promise<void> | void)[] = [];
  if (o.secretsDir) {
    const dir = startSecretsDir(o.secretsDir, store, log, o.secretsCheckIntervalMs);
    stoppers.push(() => dir.stop());
  }
  if (o.consoleUrl && o.consoleSecrets !== false) {
    const client = new ConsoleSecretsClient(
      {
        consoleUrl: o.consoleUrl,
        node: o.nodeId,
        gateway: o.gateway,
        authHeaders: () => consoleAuthHeaders(o),
        waitMs: o.pollWaitMs,
        backoffBaseMs: o.backoffBaseMs,
        backoffMaxMs: o.backoffMaxMs,
        random: o.random,
        log,
      },
      store,
    );
    client.start();
    stoppers.push(() => client.stop());
  }
  return stoppers;
}
