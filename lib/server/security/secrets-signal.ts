import "server-only";

/**
 * Wakes secret long-polls (GET /api/xds/secrets) when a TLS secret or the CA changes. A generation counter: a
 * waiter started at generation g wakes at the next bump. In-process, on globalThis like the version signal; other
 * console instances on the same database are bumped by PostgreSQL NOTIFY on SECRETS_NOTIFY_CHANNEL
 * (notifySecretsChanged, fed in by change-listener.ts).
 */
class SecretsSignal {
  private generation = 0;
  private readonly waiters = new Set<() => void>();

  get current(): number {
    return this.generation;
  }

  bump(): void {
    this.generation += 1;
    for (const w of [...this.waiters]) w();
  }

  /** True when woken by a change after `since`, false when the wait ended or the caller went away. */
  wait(since: number, timeoutMs: number, abort?: AbortSignal): Promise<boolean> {
    if (this.generation > since) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        abort?.removeEventListener("abort", onAbort);
        resolve(woken);
      };
      const waiter = () => done(true);
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.waiters.add(waiter);
      abort?.addEventListener("abort", onAbort, { once: true });
    });
  }
}

export const SECRETS_NOTIFY_CHANNEL = "signalbox_secrets";

const g = globalThis as unknown as { __signalboxSecretsSignal?: SecretsSignal };
export const secretsSignal: SecretsSignal = (g.__signalboxSecretsSignal ??= new SecretsSignal());

/**
 * After a TLS secret or the CA changed (and its transaction committed): wakes this instance's secret polls at once
 * and every other instance's through NOTIFY. This instance hears its own notification too and bumps again, which
 * costs one re-check of an unchanged set.
 */
export async function notifySecretsChanged(db: {
  $executeRaw: (q: TemplateStringsArray, ...v: unknown[]) => Promise<unknown>;
}): Promise<void> {
  secretsSignal.bump();
  await db.$executeRaw`SELECT pg_notify(${SECRETS_NOTIFY_CHANNEL}, '')`;
}
