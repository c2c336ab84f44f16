import { promisify } from "node:util";
import { gunzip as gunzipCb } from "node:zlib";
import {
  SNAPSHOT_ACCEPT_ENCODING_HEADER,
  SNAPSHOT_CONTENT_ENCODING_HEADER,
  type Ack,
  type Nack,
} from "../../lib/core/index.ts";
import { formatLabelList } from "../../lib/core/rollout/index.ts";
import type { Logger } from "../log.ts";
import type { ApplyResult } from "./active-config.ts";

const gunzip = promisify(gunzipCb);

/** The poll's body: JSON, or (when the console sent the fleet's shared gzip bytes) gunzipped off the event loop. */
async function snapshotBody(res: Response): Promise<unknown> {
  if (res.headers.get(SNAPSHOT_CONTENT_ENCODING_HEADER) !== "gzip") return res.json();
  const text = (await gunzip(Buffer.from(await res.arrayBuffer()))).toString("utf8");
  return JSON.parse(text);
}

export interface XdsClientOptions {
  consoleUrl: string;
  node: string;
  gateway?: string;
  /** Announced with every poll (`k=v,k2=v2`); staged rollouts select proxies by them. */
  labels?: Record<string, string>;
  token?: string | (() => string | undefined);
  /** Asked of the console as waitMs; the request itself is abandoned a little later. */
  waitMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  apply(raw: unknown): ApplyResult;
  runningVersion(): number;
  /** Called once after the first failed poll, e.g. to load the persisted snapshot. */
  onUnreachable?(): Promise<void> | void;
  log: Logger;
  random?: () => number;
}

export type PollOutcome = "applied" | "rejected" | "not-modified" | "error";

/**
 * Long-poll loop: GET snapshot → apply → ACK or NACK. On errors it backs off exponentially with full jitter
 * (so a fleet does not stampede a recovering console) and the proxy keeps serving its current config.
 */
export class XdsClient {
  private stopped = false;
  private abort: AbortController | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  /** Highest version seen, applied or not: polling from a NACKed version avoids getting it again at once. */
  private seenVersion = 0;
  private failures = 0;
  private unreachableHandled = false;

  constructor(private readonly o: XdsClientOptions) {}

  start(): void {
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    await this.loopDone;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const outcome = await this.pollOnce();
      if (this.stopped) break;
      if (outcome === "error") {
        this.failures++;
        if (!this.unreachableHandled) {
          this.unreachableHandled = true;
          await this.o.onUnreachable?.();
        }
        await this.sleep(this.backoffMs());
      } else this.failures = 0;
    }
  }

  private backoffMs(): number {
    const base = this.o.backoffBaseMs ?? 250;
    const max = this.o.backoffMaxMs ?? 10_000;
    const cap = Math.min(max, base * 2 ** Math.min(this.failures, 20));
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

  private headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = {};
    const token = typeof this.o.token === "function" ? this.o.token() : this.o.token;
    if (token) h.authorization = `Bearer ${token}`;
    if (json) h["content-type"] = "application/json";
    return h;
  }

  async pollOnce(): Promise<PollOutcome> {
    const waitMs = this.o.waitMs ?? 30_000;
    const url = new URL("/api/xds/snapshot", this.o.consoleUrl);
    url.searchParams.set("node", this.o.node);
    url.searchParams.set("version", String(Math.max(this.seenVersion, this.o.runningVersion())));
    url.searchParams.set("waitMs", String(waitMs));
    if (this.o.gateway) url.searchParams.set("gateway", this.o.gateway);
    if (this.o.labels && Object.keys(this.o.labels).length > 0)
      url.searchParams.set("labels", formatLabelList(this.o.labels));
    this.abort = new AbortController();
    const timer = setTimeout(() => this.abort?.abort(), waitMs + 15_000);
    try {
      const headers = { ...this.headers(false), [SNAPSHOT_ACCEPT_ENCODING_HEADER]: "gzip" };
      const res = await fetch(url, { headers, signal: this.abort.signal });
      if (res.status === 304) {
        await res.body?.cancel();
        return "not-modified";
      }
      if (res.status !== 200) {
        this.o.log.warn("snapshot poll failed", { status: res.status, body: (await res.text()).slice(0, 200) });
        return "error";
      }
      let raw: unknown;
      try {
        raw = await snapshotBody(res);
      } catch (e) {
        await this.nack(0, `snapshot is not valid JSON: ${String(e)}`);
        return "rejected";
      }
      return await this.handle(raw);
    } catch (e) {
      if (!this.stopped) this.o.log.warn("console unreachable", { error: String(e), failures: this.failures + 1 });
      return "error";
    } finally {
      clearTimeout(timer);
    }
  }

  private async handle(raw: unknown): Promise<PollOutcome> {
    const result = this.o.apply(raw);
    this.seenVersion = Math.max(this.seenVersion, result.version);
    if (result.ok) {
      if (!result.unchanged) this.o.log.info("snapshot applied", { version: result.version, hash: result.hash });
      await this.post("/api/xds/ack", {
        node: this.o.node,
        version: result.version,
        hash: result.hash,
        gateway: this.o.gateway,
      } satisfies Ack);
      return "applied";
    }
    this.o.log.error("snapshot rejected", { version: result.version, error: result.error });
    await this.nack(result.version, result.error);
    return "rejected";
  }

  private async nack(version: number, error: string): Promise<void> {
    const body: Nack = {
      node: this.o.node,
      version,
      runningVersion: this.o.runningVersion(),
      error: error.slice(0, 4000),
      gateway: this.o.gateway,
    };
    await this.post("/api/xds/nack", body);
  }

  private async post(path: string, body: unknown): Promise<void> {
    try {
      const res = await fetch(new URL(path, this.o.consoleUrl), {
        method: "POST",
        headers: this.headers(true),
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      await res.body?.cancel();
      if (!res.ok) this.o.log.warn("console refused report", { path, status: res.status });
    } catch (e) {
      this.o.log.warn("report not delivered", { path, error: String(e) });
    }
  }
}
