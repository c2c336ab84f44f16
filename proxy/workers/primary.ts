import cluster, { type Worker } from "node:cluster";
import type http from "node:http";
import type { EndpointHealth, Snapshot } from "../../lib/core/index.ts";
import { startAdmin } from "../admin/server.ts";
import type { ApplyResult } from "../config/active-config.ts";
import { startFileSource } from "../config/file-source.ts";
import { StateStore } from "../config/state-store.ts";
import { validateSnapshot } from "../config/validate.ts";
import { XdsClient } from "../config/xds-client.ts";
import type { Flags } from "../flags.ts";
import { createLogger, type Logger } from "../log.ts";
import { renderPrometheus } from "../metrics/prometheus.ts";
import { addDelta, MetricsRegistry } from "../metrics/registry.ts";
import { startMetricsReporter } from "../metrics/reporter.ts";
import type { ProxyStats } from "../stats.ts";
import { mergeEndpointHealth, WORKER_INDEX_ENV, type ToPrimary, type ToWorker } from "./protocol.ts";

interface Slot {
  index: number;
  worker: Worker;
  hello: boolean;
  port: number | null;
  version: number;
  health: EndpointHealth[];
}

/**
 * `--workers N`: the primary owns the configuration and the console connection; workers only serve.
 * It long-polls (or reads --config / --state-dir), validates each snapshot once, ACKs/NACKs once for the
 * node, persists it, and pushes it to every worker (and to a replacement worker when one dies). Workers
 * share one listening socket (node:cluster). Their metric deltas are summed here and reported to the console
 * as the one node `--id`, with endpoint health merged (worst state wins); /stats lists every worker.
 */
export class Primary {
  private readonly log: Logger;
  private readonly registry = new MetricsRegistry();
  private readonly slots = new Map<number, Slot>();
  private readonly store: StateStore | null;
  private current: { raw: unknown; snapshot: Snapshot } | null = null;
  private lastError: ProxyStats["lastError"] = null;
  private readonly stoppers: (() => Promise<void> | void)[] = [];
  private admin: { port: number; close(): Promise<void> } | null = null;
  private stopping = false;
  private nextStatsId = 1;
  private readonly statsWaiters = new Map<number, (s: ProxyStats) => void>();

  constructor(private readonly f: Flags & { workers: number }) {
    this.log = createLogger(f.logLevel, { node: f.id, role: "primary" });
    this.store = f.stateDir ? new StateStore(f.stateDir) : null;
  }

  /** Forks the workers, starts the config sources and the admin server; resolves once every worker listens. */
  async start(): Promise<{ port: number; admin: number | null; workers: number[] }> {
    for (let i = 1; i <= this.f.workers; i++) this.fork(i);
    await this.startSources();
    if (this.f.adminPort !== undefined) this.admin = await startAdmin(this.f.host, this.f.adminPort, this.adminHandler);
    const slots = [...this.slots.values()];
    while (slots.some((s) => s.port === null)) await new Promise((r) => setTimeout(r, 20));
    return { port: slots[0]!.port!, admin: this.admin?.port ?? null, workers: slots.map((s) => s.worker.process.pid!) };
  }

  /** Tells workers to drain and waits for them to exit, then stops the sources (the reporter flushes last). */
  async stop(): Promise<void> {
    this.stopping = true;
    const exits = [...this.slots.values()].map(
      (s) => new Promise<void>((resolve) => (s.worker.isDead() ? resolve() : s.worker.once("exit", () => resolve()))),
    );
    for (const s of this.slots.values()) this.send(s, { t: "stop", graceMs: this.f.drainMs });
    await Promise.all(exits);
    for (const s of this.stoppers.reverse()) await s();
    await this.admin?.close();
  }

  private fork(index: number): void {
    const worker = cluster.fork({ [WORKER_INDEX_ENV]: String(index) });
    const slot: Slot = { index, worker, hello: false, port: null, version: 0, health: [] };
    this.slots.set(index, slot);
    worker.on("message", (m: ToPrimary) => this.onMessage(slot, m));
    worker.on("exit", (code, signal) => {
      if (this.stopping) return;
      this.log.error("worker died, starting a new one", { worker: index, code, signal });
      this.fork(index);
    });
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
        this.send(slot, { t: "welcome", raw: this.current?.raw ?? null });
        return;
      case "ready":
        slot.port = m.port;
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
        slot.health = m.endpoints;
        return;
      case "stats":
        this.statsWaiters.get(m.id)?.(m.stats);
        return;
    }
  }

  /** What every source calls: validate once, persist, push to the workers. The ACK/NACK reflects this. */
  private readonly apply = (raw: unknown): ApplyResult => {
    const v = validateSnapshot(raw);
    if (!v.ok) {
      this.lastError = { version: v.version, error: v.error, at: new Date().toISOString() };
      return v;
    }
    const s = v.snapshot;
    const cur = this.current?.snapshot;
    if (cur && cur.hash === s.hash && cur.version === s.version)
      return { ok: true, version: s.version, hash: s.hash, unchanged: true };
    this.current = { raw, snapshot: s };
    for (const slot of this.slots.values()) this.send(slot, { t: "snapshot", raw });
    this.store?.save(s).catch((e: unknown) => this.log.warn("could not persist snapshot", { error: String(e) }));
    return { ok: true, version: s.version, hash: s.hash, unchanged: false };
  };

  private readonly loadPersisted = async (): Promise<void> => {
    if (!this.store || this.current) return;
    const raw = await this.store.load();
    if (raw === null) return;
    const r = this.apply(raw);
    if (r.ok)
      this.log.warn("console unreachable: serving persisted snapshot", { version: r.version, file: this.store.file });
    else this.log.error("persisted snapshot rejected", { error: r.error });
  };

  private async startSources(): Promise<void> {
    const f = this.f;
    if (f.config) {
      const src = startFileSource(f.config, this.apply, this.log);
      this.stoppers.push(() => src.stop());
      await src.ready;
    }
    if (!f.console) return this.loadPersisted();
    const client = new XdsClient({
      consoleUrl: f.console,
      node: f.id,
      gateway: f.gateway,
      token: f.token,
      apply: this.apply,
      runningVersion: () => this.current?.snapshot.version ?? 0,
      onUnreachable: this.loadPersisted,
      log: this.log,
    });
    client.start();
    const endpoints = () => mergeEndpointHealth([...this.slots.values()].map((s) => s.health));
    const reporter = startMetricsReporter({
      consoleUrl: f.console,
      node: f.id,
      token: f.token,
      registry: this.registry,
      intervalMs: 1_000,
      log: this.log,
      endpoints,
    });
    this.stoppers.push(
      () => client.stop(),
      () => reporter.stop(),
    );
  }

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

  private readonly adminHandler: http.RequestListener = (req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(body, null, 2));
    };
    const cur = this.current?.snapshot;
    switch ((req.url ?? "/").split("?")[0]) {
      case "/ready":
        return cur
          ? json(200, { ready: true, version: cur.version })
          : json(503, { ready: false, reason: "no configuration applied yet" });
      case "/config":
        return cur
          ? json(200, { version: cur.version, hash: cur.hash, snapshot: cur })
          : json(404, { error: "no configuration applied yet" });
      case "/stats":
        return void this.workerStats().then((workers) =>
          json(200, {
            node: this.f.id,
            version: cur?.version ?? 0,
            hash: cur?.hash ?? null,
            lastError: this.lastError,
            workers,
          }),
        );
      case "/metrics": {
        const text = renderPrometheus(this.registry, [
          {
            name: "signalbox_snapshot_version",
            help: "Version of the snapshot the primary validated and pushed (0: none).",
            samples: [{ value: cur?.version ?? 0 }],
          },
          {
            name: "signalbox_workers",
            help: "Worker processes serving.",
            samples: [{ value: [...this.slots.values()].filter((s) => s.port !== null).length }],
          },
        ]);
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
        return res.end(text);
      }
      default:
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found: try /ready, /config, /stats, /metrics\n");
    }
  };
}
