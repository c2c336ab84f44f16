import type { EndpointHealth } from "../../lib/core/index.ts";
import type { Logger } from "../log.ts";
import type { MetricsRegistry } from "../metrics/registry.ts";
import { startMetricsReporter } from "../metrics/reporter.ts";
import type { Tapper } from "../metrics/tap.ts";
import type { ProxyOptions } from "../options.ts";
import { startFileSource } from "./file-source.ts";
import type { SnapshotKeeper } from "./snapshot-keeper.ts";
import { XdsClient } from "./xds-client.ts";
import { startIdentity } from "../identity/start.ts";
import type { ProxyIdentity } from "../identity/identity.ts";
import { consoleAuthHeaders, startConsoleSecrets } from "../secrets/sources.ts";
import { ConsoleEndpointsClient, type RegisteredEndpoints } from "../endpoints/console-endpoints.ts";
import type { SecretStore } from "../secrets/store.ts";

/** Stops one running loop (in reverse start order, on shutdown). */
export type Stopper = () => Promise<void> | void;

/**
 * The snapshot given at start (a rejected one fails the start) and the --config file, read once before this
 * resolves so that the proxy listens with a configuration.
 */
export async function startLocalSources(o: ProxyOptions, keeper: SnapshotKeeper, log: Logger): Promise<Stopper[]> {
  if (o.snapshot !== undefined) {
    const r = keeper.apply(o.snapshot);
    if (!r.ok) throw new Error(`initial snapshot rejected: ${r.error}`);
  }
  if (!o.configFile) return [];
  const src = startFileSource(o.configFile, keeper.apply, log, o.fileCheckIntervalMs);
  await src.ready;
  return [() => src.stop()];
}

export interface ConsoleDeps {
  keeper: SnapshotKeeper;
  runningVersion(): number;
  /** The series reported in metrics batches (a primary's holds the workers' summed deltas). */
  registry: MetricsRegistry;
  endpoints(): EndpointHealth[];
  log: Logger;
  /** Told the proxy's certificate identity when it joined (or reused a stored one). */
  onIdentity?(identity: ProxyIdentity): void;
  /** Fed by secret discovery and the joined identity; absent where secrets come from elsewhere (workers). */
  secrets?: SecretStore;
  /** Live taps: told the open ones by the console's answer to each metrics POST, drained into the next batch. */
  tap?: Tapper;
  /** Fed by endpoint discovery (the console's registry): registered instances per cluster. */
  applyEndpoints?(clusters: RegisteredEndpoints): void;
}

/**
 * With a console URL, the two loops that talk to it: the snapshot long-poll (ACK/NACK; the persisted snapshot
 * when the console cannot be reached) and the metrics reporter. Without one, the persisted snapshot if nothing
 * runs yet.
 */
export async function startConsoleLoops(o: ProxyOptions, d: ConsoleDeps): Promise<Stopper[]> {
  if (!o.consoleUrl) {
    await d.keeper.loadPersisted();
    return [];
  }
  const identity = await startIdentity(o, d.log);
  if (identity) d.onIdentity?.(identity);
  const token = identity ? identity.bearer : o.token;
  const client = new XdsClient({
    consoleUrl: o.consoleUrl,
    node: o.nodeId,
    gateway: o.gateway,
    labels: o.labels,
    token,
    waitMs: o.pollWaitMs,
    backoffBaseMs: o.backoffBaseMs,
    backoffMaxMs: o.backoffMaxMs,
    apply: d.keeper.apply,
    runningVersion: d.runningVersion,
    onUnreachable: d.keeper.loadPersisted,
    log: d.log,
    random: o.random,
  });
  client.start();
  const reporter = startMetricsReporter({
    consoleUrl: o.consoleUrl,
    node: o.nodeId,
    token,
    registry: d.registry,
    intervalMs: o.metricsIntervalMs ?? 1_000,
    log: d.log,
    endpoints: d.endpoints,
    tap: d.tap,
  });
  const secrets = d.secrets ? startConsoleSecrets(o, d.secrets, d.log, token, identity) : [];
  const endpoints = d.applyEndpoints ? startEndpointDiscovery(o, d, token) : [];
  return [() => client.stop(), () => reporter.stop(), ...secrets, ...endpoints, () => identity?.stop()];
}

function startEndpointDiscovery(o: ProxyOptions, d: ConsoleDeps, token: ProxyOptions["token"]): Stopper[] {
  if (!o.consoleUrl || o.consoleEndpoints === false) return [];
  const client = new ConsoleEndpointsClient({
    consoleUrl: o.consoleUrl,
    node: o.nodeId,
    gateway: o.gateway,
    authHeaders: () => consoleAuthHeaders(token),
    apply: d.applyEndpoints!,
    waitMs: o.pollWaitMs,
    backoffBaseMs: o.backoffBaseMs,
    backoffMaxMs: o.backoffMaxMs,
    random: o.random,
    log: d.log,
  });
  client.start();
  return [() => client.stop()];
}
