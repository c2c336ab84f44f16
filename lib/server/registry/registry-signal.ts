import "server-only";

type Waiter = (index: number) => void;

/**
 * The registry index (the newest registry event id, Consul's X-Consul-Index) as this console process knows it, and
 * the held requests waiting for it to move: blocking queries on /v1/ and the proxies' endpoint polls. Fed after each
 * local commit and by PostgreSQL NOTIFY from other console instances (registry-listener.ts). On globalThis because
 * Next.js dev reloads would otherwise create a second, deaf instance.
 */
class RegistrySignal {
  private latest = 0;
  private readonly waiters = new Set<Waiter>();

  publish(index: number): void {
    if (!Number.isFinite(index) || index <= this.latest) return;
    this.latest = index;
    for (const w of [...this.waiters]) w(index);
  }

  /** Resolves with an index > after, or null when the wait ends or the caller goes away. */
  wait(after: number, timeoutMs: number, abort?: AbortSignal): Promise<number | null> {
    if (this.latest > after) return Promise.resolve(this.latest);
    if (abort?.aborted) return Promise.resolve(null);
    return new Promise((resolve) => {
      const done = (v: number | null) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        abort?.removeEventListener("abort", onAbort);
        resolve(v);
      };
      const waiter: Waiter = (v) => {
        if (v > after) done(v);
      };
      const onAbort = () => done(null);
      const timer = setTimeout(() => done(null), timeoutMs);
      this.waiters.add(waiter);
      abort?.addEventListener("abort", onAbort, { once: true });
    });
  }

  get index(): number {
    return this.latest;
  }
}

const g = globalThis as unknown as { __signalboxRegistrySignal?: RegistrySignal };
export const registrySignal: RegistrySignal = (g.__signalboxRegistrySignal ??= new RegistrySignal());

export const REGISTRY_NOTIFY_CHANNEL = "signalbox_registry";
