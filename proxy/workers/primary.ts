import cluster, { type Worker } from "node:cluster";
import type { EndpointHealth, Snapshot } from "../../lib/core/index.ts";
import { DEFAULT_ADMIN_HOST } from "../admin/access.ts";
import { createAdminHandler, startAdmin, type AdminView } from "../admin/server.ts";
import type { ApplyResult } from "../config/active-config.ts";
import { SnapshotKeeper } from "../config/snapshot-keeper.ts";
import type { RegisteredEndpoints } from "../endpoints/console-endpoints.ts";
import { startConsoleLoops, startLocalSources, type Stopper } from "../config/sources.ts";
import { validateSnapshot } from "../config/validate.ts";
import { createLogger, type Logger } from "../log.ts";
import { addDelta, MetricsRegistry } from "../metrics/registry.ts";
import { Tapper } from "../metrics/tap.ts";
import { SecretStore } from "../secrets/store.ts";
import type { ProxyOptions } from "../options.ts";
import type { ProxyStats } from "../stats.ts";
import {
  mergeEndpointHealth,
  WORKER_INDEX_ENV,
  type ForwardedSecrets,
  type ToPrimary,
  type ToWorker,
} from "./protocol.ts";

interface Slot {
  index: number;
  worker: Worker;
  hello: boolean;
  port: number | null;
  ports: number[];
  version: number;
  health: EndpointHealth[];
}

/**
 * `--workers N`: the primary owns the configuration and the console connection; workers only serve.
 * It long-polls (or reads --config / --state-dir), validates each snapshot once, ACKs/NACKs once for the
 * node, persists it, and pushes it to every worker (and to a replacement worker when one dies). Workers
 * share one listening socket (node:cluster). Their metric deltas are summed here and reported to the console
 * as the one node `--id`, with endpoint health merged (worst state wins); /stats lists every worker. Secret
 * discovery and the joined identity (with its renewals) also run here once, their secrets forwarded to every
 * worker; the console's open live taps go to the workers and their samples come back into one batch.
 */
export class Primary {
  private readonly log: Logger;
  private readonly registry = new MetricsRegistry();
  /** The console's secrets and the joined identity, held here only to forward them (workers serve TLS). */
  private readonly secrets = new SecretStore();
  /** The node's live taps: told by the console, pushed to the workers, their samples gathered and rate-limited here. */
  private readonly tapper: Tapper;
  private readonly slots = new Map<number, Slot>();
  private readonly keeper: SnapshotKeeper;
  private current: { raw: unknown; snapshot: Snapshot } | null = null;
  /** The registered endpoints from the console, pushed to every worker (and to a new one in its welcome). */
  private registered: RegisteredEndpoints = {};
  private readonly stoppers: Stopper[] = [];
  private admin: { port: number; close(): Promise<void> } | null = null;
  private stopping = false;
  private nextStatsId = 1;
  private readonly statsWaiters = new Map<number, (s: ProxyStats) => void>();

  /** `o` as for createProxy (the same flags make both); the workers get their serving share of it. */
  constructor(
    private readonly o: ProxyOptions,
    private readonly workers: number,
  ) {
    this.log = o.logger ?? createLogger(o.logLevel ?? "info", { node: o.nodeId, role: "primary" });
    this.tapper = new Tapper(o.nodeId);
    this.secrets.onChange(() => this.broadcast({ t: "secrets", secrets: this.forwardedSecrets() }));
    let sentTaps = "[]";
    this.tapper.onUpdate((specs) => {
      // The reporter updates every second; the workers hear only of a change.
      const json = JSON.stringify(specs);
      if (json === sentTaps) return;
      sentTaps = json;
      this.broadcast({ t: "taps", specs });
    });
    this.keeper = new SnapshotKeeper({
      accept: this.accept,
      running: () => this.current?.snapshot ?? null,
      stateDir: o.stateDir,
      log: this.log,
    });
  }

  /** Forks the workers, starts the config sources and the admin server; resolves once every worker listens. */
  async start(): Promise<{ port: number; ports: number[]; admin: number | null; workers: number[] }> {
    const o = this.o;
    for (let i = 1; i <= this.workers; i++) this.fork(i);
    this.stoppers.push(...(await startLocalSources(o, this.keeper, this.log)));
    const endpoints = () => mergeEndpointHealth([...this.slots.values()].map((s) => s.health));
    const consoleDeps = {
      keeper: this.keeper,
      runningVersion: this.runningVersion,
      registry: this.registry,
      endpoints,
      log: this.log,
      secrets: this.secrets,
      tap: this.tapper,
      applyEndpoints: (clusters: RegisteredEndpoints) => {
        this.registered = clusters;
        this.broadcast({ t: "endpoints", clusters });
      },
    };
    this.stoppers.push(...(await startConsoleLoops(o, consoleDeps)));
    if (o.adminPort !== undefined)
      this.admin = await startAdmin(
        o.adminHost ?? DEFAULT_ADMIN_HOST,
        o.adminPort,
        createAdminHandler(this.adminView, o.adminToken),
        o.adminToken,
      );
    const slots = [...this.slots.values()];
    while (slots.some((s) => s.port === null)) await new Promise((r) => setTimeout(r, 20));
    return {
      port: slots[0]!.port!,
      ports: slots[0]!.ports,
      admin: this.admin?.port ?? null,
      workers: slots.map((s) => s.worker.process.pid!),
    };
  }

  /** Tells workers to drain and waits for them to exit, then stops the sources (the reporter flushes last). */
  async stop(): Promise<void> {
    this.stopping = true;
    const exits = [...this.slots.values()].map(
      (s) => new Promise<void>((resolve) => (s.worker.isDead() ? resolve() : s.worker.once("exit", () => resolve()))),
    );
    for (const s of this.slots.values()) this.send(s, { t: "stop", graceMs: this.o.drainTimeoutMs ?? 10_000 });
    await Promise.all(exits);
    for (const s of this.stoppers.reverse()) await s();
    await this.admin?.close();
  }

  private fork(index: number): void {
    const worker = cluster.fork({ [WORKER_INDEX_ENV]: String(index) });
    const slot: Slot = { index, worker, hello: false, port: null, ports: [], version: 0, health: [] };
    this.slots.set(index, slot);
    worker.on("message", (m: ToPrimary) => this.onMessage(slot, m));
    worker.on("exit", (code, signal) => {
      if (this.stopping) return;
      this.log.error("worker died, starting a new one", { worker: index, code, signal });
      this.fork(index);
    });
  }

  private broadcast(m: ToWorker): void {
    for (const slot of this.slots.values()) this.send(slot, m);
  }

  private forwardedSecrets(): ForwardedSecrets {
    return { console: this.secrets.of("console"), identity: this.secrets.of("identity") };
  }

  /** To a worker that said hello (see onMessage). */
  private send(slot: Slot, m: ToWorker): void {
    if (slot.hello && slot.worker.isConnected()) slot.worker.send(m);
  }

  private onMessage(slot: Slot, m: ToPrimary): void {
    switch (m.t) {
      case "hello":
        // Only now is the worker listening for messages (earlier ones would be lost while it loads). It applies
        // the running snapshot before it starts listening, so a replacement worker never answers 503.
        slot.hello = true;
        this.send(slot, {
          t: "welcome",
          raw: this.current?.raw ?? null,
          endpoints: this.registered,
          secrets: this.forwardedSecrets(),
          taps: this.tapper.specs(),
        });
        return;
      case "ready":
        slot.port = m.port;
        slot.ports = m.ports;
        return;
      case "applied":
        if (m.ok) slot.version = Math.max(slot.version, m.version);
        else
          this.log.error("worker rejected a validated snapshot", {
            worker: slot.index,
            version: m.version,
            error: m.error,
          });
        return;
      case "metrics":
        for (const d of m.series) addDelta(this.registry, d);
        for (const a of m.authz ?? []) this.registry.countAuthz(a.policy, a.action, a.outcome, a.count);
        if (m.tap && m.tap.length > 0) this.tapper.accept(m.tap);
        slot.health = m.endpoints;
        return;
      case "stats":
        this.statsWaiters.get(m.id)?.(m.stats);
        return;
    }
  }

  /** The keeper's accept (it remembers rejections and persists): validate once, push to the workers. */
  private readonly accept = (raw: unknown): ApplyResult => {
    const v = validateSnapshot(raw);
    if (!v.ok) return v;
    const s = v.snapshot;
    const cur = this.current?.snapshot;
    if (cur && cur.hash === s.hash && cur.version === s.version)
      return { ok: true, version: s.version, hash: s.hash, unchanged: true };
    this.current = { raw, snapshot: s };
    for (const slot of this.slots.values()) this.send(slot, { t: "snapshot", raw });
    return { ok: true, version: s.version, hash: s.hash, unchanged: false };
  };

  private readonly runningVersion = (): number => this.current?.snapshot.version ?? 0;

  /** Each live worker's /stats document (a worker that does not answer within a second is left out). */
  private async workerStats(): Promise<ProxyStats[]> {
    const asks = [...this.slots.values()].map(
      (slot) =>
        new Promise<ProxyStats | null>((resolve) => {
          const id = this.nextStatsId++;
          const timer = setTimeout(() => done(null), 1_000);
          const done = (s: ProxyStats | null) => {
            clearTimeout(timer);
            this.statsWaiters.delete(id);
            resolve(s);
          };
          this.statsWaiters.set(id, done);
          this.send(slot, { t: "stats", id });
        }),
    );
    return (await Promise.all(asks)).filter((s): s is ProxyStats => s !== null);
  }

  /** /stats lists every worker's own document; /metrics has the summed series of all of them. */
  private readonly adminView: AdminView = {
    running: () => this.current,
    stats: async () => {
      const cur = this.current?.snapshot;
      const lastError = this.keeper.lastError;
      const workers = await this.workerStats();
      return { node: this.o.nodeId, version: cur?.version ?? 0, hash: cur?.hash ?? null, lastError, workers };
    },
    registry: this.registry,
    gauges: () => [
      {
        name: "signalbox_snapshot_version",
        help: "Version of the snapshot the primary validated and pushed (0: none).",
        samples: [{ value: this.runningVersion() }],
      },
      {
        name: "signalbox_workers",
        help: "Worker processes serving.",
        samples: [{ value: [...this.slots.values()].filter((s) => s.port !== null).length }],
      },
    ],
  };
}
