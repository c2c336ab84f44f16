import "server-only";

/**
 * Collects items for `windowMs` and hands them to `flush` in one call, so a fleet's burst of reports (200 ACKs right
 * after a publish) costs one database round trip instead of 200. `add` resolves only after the flush that carried its
 * item finished (the write is durable when the caller answers) and rejects if that flush failed. At most one flush
 * runs at a time; items arriving meanwhile wait for the next one.
 */
export class Batcher<T> {
  private pending: { item: T; resolve(): void; reject(e: unknown): void }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly windowMs: number,
    private readonly flush: (items: T[]) => Promise<void>,
    private readonly maxItems = 1_000,
  ) {}

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxItems) this.flushNow();
      else this.timer ??= setTimeout(() => this.flushNow(), this.windowMs);
    });
  }

  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.running = this.running.then(async () => {
      try {
        await this.flush(batch.map((b) => b.item));
        for (const b of batch) b.resolve();
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    });
  }
}
