import { promisify } from "node:util";
import { gunzip as gunzipCb } from "node:zlib";
import { SNAPSHOT_ACCEPT_ENCODING_HEADER, SNAPSHOT_CONTENT_ENCODING_HEADER, type Nack } from "../../lib/core/index.ts";
import { formatLabelList } from "../../lib/core/rollout/index.ts";
import { ConsoleLongPoll } from "../console/long-poll.ts";
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
 * Snapshot long-poll (console/long-poll.ts): GET snapshot → apply → the next poll ACKs it (or a NACK is posted). On errors the loop backs off and
 * the proxy keeps serving its current config; the first failure loads the persisted snapshot (onUnreachable).
 */
export class XdsClient {
  /** Highest version seen, applied or not: polling from a NACKed version avoids getting it again at once. */
  private seenVersion = 0;
  private unreachableHandled = false;
  /** The last version this client applied, acknowledged by every poll from then on. */
  private applied: { version: number; hash: string } | null = null;
  private readonly poll: ConsoleLongPoll<"applied" | "rejected">;

  constructor(private readonly o: XdsClientOptions) {
    this.poll = new ConsoleLongPoll({
      consoleUrl: o.consoleUrl,
      path: "/api/xds/snapshot",
      query: () => ({
        node: o.node,
        version: String(Math.max(this.seenVersion, o.runningVersion())),
        gateway: o.gateway,
        labels: o.labels && Object.keys(o.labels).length > 0 ? formatLabelList(o.labels) : undefined,
        // The ACK rides on the next poll, as in xDS (lib/core/protocol/xds.ts): one request per publish, not two.
        applied: this.applied ? String(this.applied.version) : undefined,
        appliedHash: this.applied?.hash,
      }),
      headers: () => ({ ...this.headers(false), [SNAPSHOT_ACCEPT_ENCODING_HEADER]: "gzip" }),
      waitMs: o.waitMs,
      backoffBaseMs: o.backoffBaseMs,
      backoffMaxMs: o.backoffMaxMs,
      random: o.random,
      log: o.log,
      failedMessage: "snapshot poll failed",
      unreachableMessage: "console unreachable",
      onAnswer: (res) => this.answer(res),
      onFailure: async () => {
        if (this.unreachableHandled) return;
        this.unreachableHandled = true;
        await o.onUnreachable?.();
      },
    });
  }

  start(): void {
    this.poll.start();
  }

  stop(): Promise<void> {
    return this.poll.stop();
  }

  pollOnce(): Promise<PollOutcome> {
    return this.poll.pollOnce();
  }

  private headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = {};
    const token = typeof this.o.token === "function" ? this.o.token() : this.o.token;
    if (token) h.authorization = `Bearer ${token}`;
    if (json) h["content-type"] = "application/json";
    return h;
  }

  private async answer(res: Response): Promise<"applied" | "rejected"> {
    let raw: unknown;
    try {
      raw = await snapshotBody(res);
    } catch (e) {
      await this.nack(0, `snapshot is not valid JSON: ${String(e)}`);
      return "rejected";
    }
    return await this.handle(raw);
  }

  private async handle(raw: unknown): Promise<"applied" | "rejected"> {
    const result = this.o.apply(raw);
    this.seenVersion = Math.max(this.seenVersion, result.version);
    if (result.ok) {
      if (!result.unchanged) this.o.log.info("snapshot applied", { version: result.version, hash: result.hash });
      // Acknowledged by the poll that follows at once (the query above), not by a request of its own.
      this.applied = { version: result.version, hash: result.hash };
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
