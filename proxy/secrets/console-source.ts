import { SecretsResponseSchema, type ProxySecret } from "../../lib/core/protocol/secrets.ts";
import { ConsoleLongPoll } from "../console/long-poll.ts";
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
 * off (console/long-poll.ts), like the snapshot client.
 */
export class ConsoleSecretsClient {
  private hash: string | undefined;
  private readonly poll: ConsoleLongPoll<"applied">;

  constructor(
    private readonly o: ConsoleSecretsOptions,
    private readonly store: SecretStore,
  ) {
    this.poll = new ConsoleLongPoll({
      ...o,
      path: "/api/xds/secrets",
      query: () => ({ node: o.node, hash: this.hash, gateway: o.gateway }),
      headers: o.authHeaders,
      failedMessage: "secrets poll failed",
      unreachableMessage: "secrets poll: console unreachable",
      onAnswer: async (res) => (this.accept(await res.json().catch(() => undefined)) ? "applied" : "error"),
    });
  }

  start(): void {
    this.poll.start();
  }

  stop(): Promise<void> {
    return this.poll.stop();
  }

  /** One poll; false when it failed (unreachable, refused, or an answer that does not parse). */
  async pollOnce(): Promise<boolean> {
    return (await this.poll.pollOnce()) !== "error";
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
}
