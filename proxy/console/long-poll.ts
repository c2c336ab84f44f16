import type { Logger } from "../log.ts";

/** What one poll came to: the handler's own outcome for a 200, "not-modified" for a 304, "error" for a failure. */
export type PollResult<R extends string> = R | "not-modified" | "error";

export interface LongPollOptions<R extends string> {
  consoleUrl: string;
  /** The console's endpoint, e.g. `/api/xds/secrets`. */
  path: string;
  /** Query parameters of the next poll besides waitMs (asked anew each poll); undefined values are left out. */
  query(): Record<string, string | undefined>;
  headers(): Record<string, string>;
  /** Asked of the console as waitMs; the request itself is abandoned 15 s later. */
  waitMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
  log: Logger;
  /** Log line for a non-200 answer, e.g. "secrets poll failed". */
  failedMessage: string;
  /** Log line for a console that cannot be reached. */
  unreachableMessage: string;
  /** Handles a 200; "error" counts as a failed poll (the loop backs off). */
  onAnswer(res: Response): Promise<R | "error">;
  /** Called after each failed poll, before the backoff; `failures` counts the failures in a row. */
  onFailure?(failures: number): Promise<void> | void;
}

/**
 * The console long-poll loop the proxy runs for snapshots, secrets and registered endpoints: GET with waitMs, 304
 * means nothing new (poll again at once), 200 goes to the handler, anything else backs off exponentially with full
 * jitter (so a fleet does not stampede a recovering console) while the proxy keeps what it has. stop() aborts the
 * request or the backoff in flight.
 */
export class ConsoleLongPoll<R extends string> {
  private stopped = false;
  private abort: AbortController | null = null;
  private done: Promise<void> = Promise.resolve();
  private failures = 0;

  constructor(private readonly o: LongPollOptions<R>) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  start(): void {
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    await this.done;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const result = await this.pollOnce();
      if (this.stopped) break;
      if (result !== "error") {
        this.failures = 0;
        continue;
      }
      this.failures++;
      await this.o.onFailure?.(this.failures);
      if (this.stopped) break;
      await this.sleep(this.backoffMs());
    }
  }

  /** The wait before the next poll after `failures` failures in a row: full jitter under a doubling cap. */
  backoffMs(failures = this.failures): number {
    return backoffMs(failures, this.o);
  }

  async pollOnce(): Promise<PollResult<R>> {
    const waitMs = this.o.waitMs ?? 30_000;
    const url = new URL(this.o.path, this.o.consoleUrl);
    for (const [k, v] of Object.entries(this.o.query())) if (v !== undefined) url.searchParams.set(k, v);
    url.searchParams.set("waitMs", String(waitMs));
    const abort = new AbortController();
    this.abort = abort;
    const timer = setTimeout(() => abort.abort(), waitMs + 15_000);
    try {
      const res = await fetch(url, { headers: this.o.headers(), signal: abort.signal });
      if (res.status === 304) {
        await res.body?.cancel();
        return "not-modified";
      }
      if (res.status !== 200) {
        this.o.log.warn(this.o.failedMessage, { status: res.status, body: (await res.text()).slice(0, 200) });
        return "error";
      }
      return await this.o.onAnswer(res);
    } catch (e) {
      if (!this.stopped) this.o.log.warn(this.o.unreachableMessage, { error: String(e), failures: this.failures + 1 });
      return "error";
    } finally {
      clearTimeout(timer);
    }
  }

  private sleep(ms: number): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      abort.signal.addEventListener("abort", () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}

/** Exponential backoff with full jitter: a random wait under min(max, base·2^failures), never below base/2. */
export function backoffMs(
  failures: number,
  o: { backoffBaseMs?: number; backoffMaxMs?: number; random?: () => number },
): number {
  const base = o.backoffBaseMs ?? 250;
  const cap = Math.min(o.backoffMaxMs ?? 10_000, base * 2 ** Math.min(failures, 20));
  return Math.max(base / 2, (o.random ?? Math.random)() * cap);
}
