import type { Snapshot } from "../../lib/core/index.ts";
import type { Logger } from "../log.ts";
import type { ProxyStats } from "../stats.ts";
import type { ApplyResult } from "./active-config.ts";
import { StateStore } from "./state-store.ts";

export interface KeeperOptions {
  /**
   * Validates and takes a snapshot: in one process, build and swap (ConfigHolder.apply); in a `--workers` primary,
   * validate once and push to the workers.
   */
  accept(raw: unknown): ApplyResult;
  /** The snapshot taken last, null before the first. */
  running(): Snapshot | null;
  /** With --state-dir: where the last taken snapshot is kept. */
  stateDir: string | undefined;
  log: Logger;
}

/**
 * What every configuration source goes through, in both modes: accept, remember the last rejection (for /stats),
 * persist what was taken (with --state-dir) so that a restart without the console serves it.
 */
export class SnapshotKeeper {
  lastError: ProxyStats["lastError"] = null;
  private readonly store: StateStore | null;

  constructor(private readonly o: KeeperOptions) {
    this.store = o.stateDir ? new StateStore(o.stateDir) : null;
  }

  /** For every source: the console's long-poll, the --config file, the snapshot given at start. */
  readonly apply = (raw: unknown): ApplyResult => {
    const r = this.o.accept(raw);
    if (!r.ok) this.lastError = { version: r.version, error: r.error, at: new Date().toISOString() };
    else if (!r.unchanged) this.persist();
    return r;
  };

  /** While nothing runs yet: the persisted snapshot, taken as it is (not persisted again, not counted as rejected). */
  readonly loadPersisted = async (): Promise<void> => {
    if (this.store === null || this.o.running() !== null) return;
    const raw = await this.store.load();
    if (raw === null) return;
    const r = this.o.accept(raw);
    if (r.ok)
      this.o.log.warn("console unreachable: serving persisted snapshot", { version: r.version, file: this.store.file });
    else this.o.log.error("persisted snapshot rejected", { error: r.error });
  };

  private persist(): void {
    const snapshot = this.o.running();
    if (this.store === null || snapshot === null) return;
    // Serving does not depend on the copy on disk: a failed write is logged, and the next snapshot tries again.
    this.store
      .save(snapshot)
      .catch((e: unknown) => this.o.log.warn("could not persist snapshot", { error: String(e) }));
  }
}
