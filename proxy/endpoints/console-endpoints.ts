import { EndpointsResponseSchema, type EndpointsResponse } from "../../lib/core/registry/endpoints.ts";
import type { Logger } from "../log.ts";

export type RegisteredEndpoints = EndpointsResponse["clusters"];

export interface ConsoleEndpointsOptions {
  consoleUrl: string;
  node: string;
  gateway?: string;
  /** The same credentials the snapshot client sends. */
  authHeaders(): Record<string, string>;
  /** Called with every new set of registered endpoints (per cluster); the proxy merges them with its static ones. */
  apply(clusters: RegisteredEndpoints): void;
  waitMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
  log: Logger;
}

/**
 * Endpoint discovery from the console's registry: long-polls `GET /api/xds/endpoints?node&hash&waitMs` (the
 * contract of lib/core/registry/endpoints.ts) beside the snapshot poll, so instances that register, deregister or
 * change health reach the load balancers without a new config version. An answer that does not parse is ignored
 * and the last good endpoints keep serving; errors back off exponentially with jitter, like the other loops. When
 * the console cannot be reached the registered endpoints stay as they were (the proxy's outlier detection and
 * health checks still guard them).
 */
export class ConsoleEndpointsClient {
  private stopped = false;
  private abort: AbortController | null = null;
  private done: Promise<void> = Promise.resolve();
  private hash: string | undefined;
  private failures = 0;

  constructor(private readonly o: ConsoleEndpointsOptions) {}

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
    const url = new URL("/api/xds/endpoints", this.o.consoleUrl);
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
        this.o.log.warn("endpoints poll failed", { status: res.status, body: (await res.text()).slice(0, 200) });
        return false;
      }
      const parsed = EndpointsResponseSchema.safeParse(await res.json().catch(() => undefined));
      if (!parsed.success) {
        const error = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
        this.o.log.error("endpoints response ignored: invalid; keeping the last good endpoints", { error });
        return false;
      }
      this.hash = parsed.data.hash;
      this.o.apply(parsed.data.clusters);
      const count = Object.values(parsed.data.clusters).reduce((n, eps) => n + eps.length, 0);
      this.o.log.info("registered endpoints applied", { index: parsed.data.index, endpoints: count });
      return true;
    } catch (e) {
      if (!this.stopped) this.o.log.warn("endpoints poll: console unreachable", { error: String(e) });
      return false;
    } finally {
      clearTimeout(timer);
    }
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
