import { WORKLOAD_SECRET_NAME } from "../../lib/core/protocol/secrets.ts";
import type { IdentitySource } from "../identity/identity.ts";
import type { Logger } from "../log.ts";
import type { ProxyOptions } from "../options.ts";
import { ConsoleSecretsClient } from "./console-source.ts";
import { startSecretsDir } from "./file-source.ts";
import type { SecretStore } from "./store.ts";

/** What a proxy authenticates to the console with: a bearer secret, or (joined) a function signing a fresh token. */
export type ConsoleToken = ProxyOptions["token"];

/** The credentials a proxy sends the console, built in this one place for every client that calls it. */
export function consoleAuthHeaders(token: ConsoleToken): Record<string, string> {
  const value = typeof token === "function" ? token() : token;
  return value ? { authorization: `Bearer ${value}` } : {};
}

/** --secrets-dir, read once before this returns; the console's secret discovery starts with the console loops. */
export function startSecretsDirSource(
  o: ProxyOptions,
  store: SecretStore,
  log: Logger,
): (() => Promise<void> | void)[] {
  if (!o.secretsDir) return [];
  const dir = startSecretsDir(o.secretsDir, store, log, o.secretsCheckIntervalMs);
  return [() => dir.stop()];
}

/**
 * Secret discovery from the console, authenticated like the snapshot client (the same token or signed identity),
 * and a joined proxy's own certificate served as `default` (ISTIO_MUTUAL upstreams), swapped on every renewal.
 */
export function startConsoleSecrets(
  o: ProxyOptions,
  store: SecretStore,
  log: Logger,
  token: ConsoleToken,
  identity: IdentitySource | undefined,
): (() => Promise<void> | void)[] {
  const stoppers: (() => Promise<void> | void)[] = [];
  if (identity) {
    const publish = () => {
      const id = identity.current();
      store.replace(
        "identity",
        id
          ? [
              {
                name: WORKLOAD_SECRET_NAME,
                certChainPem: id.certChainPem,
                privateKeyPem: id.privateKeyPem,
                notAfter: id.notAfter,
              },
            ]
          : [],
      );
    };
    publish();
    stoppers.push(identity.onChange(publish));
  }
  if (!o.consoleUrl || o.consoleSecrets === false) return stoppers;
  const client = new ConsoleSecretsClient(
    {
      consoleUrl: o.consoleUrl,
      node: o.nodeId,
      gateway: o.gateway,
      authHeaders: () => consoleAuthHeaders(token),
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
  return stoppers;
}
