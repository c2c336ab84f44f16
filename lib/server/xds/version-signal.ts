import "server-only";

type Waiter = (version: number, nudged: boolean) => void;

/**
 * Wakes long-poll requests when a config version is published. Fed by the in-process publisher and by
 * PostgreSQL NOTIFY, so every console instance on the same database wakes. Kept on globalThis because
 * Next.js dev reloads would otherwise create a second, deaf instance.
 */
class VersionSignal {
  private latest = 0;
  private readonly waiters = new Set<Waiter>();

  publish(version: number): void {
    if (!Number.isFinite(version) || version <= this.latest) return;
    this.latest = version;
    for (const w of [...this.waiters]) w(version, false);
  }

  /** Wakes every waiter without a new version: a staged rollout let more proxies have the newest one. */
  nudge(): void {
    for (const w of [...this.waiters]) w(this.latest, true);
  }

  /** Resolves with a version > after (or the newest on a nudge), or null when the wait ends or the caller goes away. */
  wait(after: number, timeoutMs: number, abort?: AbortSignal): Promise<number | null> {
    if (this.latest > after) return Promise.resolve(this.latest);
    return new Promise((resolve) => {
      const done = (v: number | null) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        abort?.removeEventListener("abort", onAbort);
        resolve(v);
      };
      const waiter: Waiter = (v, nudged) => {
        if (v > after || nudged) done(v);
      };
      const onAbort = () => done(null);
      const timer = setTimeout(() => done(null), timeoutMs);
      this.waiters.add(waiter);
      abort?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** The newest version published or notified so far (0 before the first). */
  get newest(): number {
    return this.latest;
  }

  get waiting(): number {
    return this.waiters.size;
  }
}

const g = globalThis as unknown as { __signalboxVersionSignal?: VersionSignal };
export const versionSignal: VersionSignal = (g.__signalboxVersionSignal ??= new VersionSignal());

export const NOTIFY_CHANNEL = "signalbox_config";
