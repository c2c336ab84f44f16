import { SecretsResponseSchema, type ProxySecret } from "../../lib/core/protocol/secrets.ts";
import type { Logger } from "../log.ts";
import { checkSecret } from "./read-secret.ts";
import type { SecretStore } from "./store.ts";

export interface ConsoleSecretsOptions {
  consoleUrl: string;
  node: string;
  gateway?: string;
  /** The same credentials the snapshot client sends (one place builds them: config/sources.ts). */
  authHeaders(): Record<string, string>;
  waitMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
  log: Logger;
}

/**
 * Secret discovery from the console: long-polls `GET /api/xds/secrets?node&hash&waitMs[&gateway]` (the contract
 * of lib/core/protocol/secrets.ts). Every 200 is parsed with SecretsResponseSchema and each secret checked
 * (checkSecret); an invalid answer is ignored with a log line and the last good secrets keep serving. Errors back
 * off exponentially with jitter, like the snapshot client.
 */
export class ConsoleSecretsClient {
  private stopped = false;
  private abort: AbortController | null = null;
  private done: Promise<void> = Promise.resolve();
  private hash: string | undefined;
  private failures = 0;

  constructor(
    private readonly o: ConsoleSecretsOptions,
    private readonly store: SecretStore,
  ) {}

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
      const ok = await this.pollOnce();
      if (this.stopped) break;
      this.failures = ok ? 0 : this.failures + 1;
      if (!ok) await this.sleep(this.backoffMs());
    }
  }

  /** One poll; false when it failed (unreachable, refused, or an answer that does not parse). */
  async pollOnce(): Promise<boolean> {
    const waitMs = this.o.waitMs ?? 30_000;
    const url = new URL("/api/xds/secrets", this.o.consoleUrl);
    url.searchParams.set("node", this.o.node);
    url.searchParams.set("waitMs", String(waitMs));
    if (this.hash) url.searchParams.set("hash", this.hash);
    if (this.o.gateway) url.searchParams.set("gateway", this.o.gateway);
    this.abort = new AbortController();
    const timer = setTimeout(() => this.abort?.abort(), waitMs + 15_000);
    try {
      const res = await fetch(url, { headers: this.o.authHeaders(), signal: this.abort.signal });
      if (res.status === 304) {
        await res.body?.cancel();
        return true;
      }
      if (res.status !== 200) {
        this.o.log.warn("secrets poll failed", { status: res.status, body: (await res.text()).slice(0, 200) });
        return false;
      }
      return this.accept(await res.json().catch(() => undefined));
    } catch (e) {
      if (!this.stopped) this.o.log.warn("secrets poll: console unreachable", { error: String(e) });
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private accept(raw: unknown): boolean {
    const parsed = SecretsResponseSchema.safeParse(raw);
    if (!parsed.success) {
      const error = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      this.o.log.error("secrets response ignored: invalid; keeping the last good secrets", { error });
      return false;
    }
    const secrets: ProxySecret[] = [];
    for (const s of parsed.data.secrets) {
      const checked = checkSecret(s);
      if (!checked.ok) {
        this.o.log.error("secrets response ignored: a secret does not check; keeping the last good secrets", {
          secret: s.name,
          error: checked.error,
        });
        return false;
      }
      secrets.push(checked.secret);
    }
    this.hash = parsed.data.hash;
    this.store.replace("console", secrets);
    this.o.log.info("secrets applied", { hash: this.hash, count: secrets.length });
    return true;
  }

  private backoffMs(): number {
    const base = this.o.backoffBaseMs ?? 250;
    const cap = Math.min(this.o.backoffMaxMs ?? 10_000, base * 2 ** Math.min(this.failures, 20));
    return Math.max(base / 2, (this.o.random ?? Math.random)() * cap);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.abort = new AbortController();
      this.abort.signal.addEventListener("abort", () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}
