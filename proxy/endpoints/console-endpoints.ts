import { EndpointsResponseSchema, type EndpointsResponse } from "../../lib/core/registry/endpoints.ts";
import { ConsoleLongPoll } from "../console/long-poll.ts";
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
 * and the last good endpoints keep serving; errors back off (console/long-poll.ts), like the other loops. When
 * the console cannot be reached the registered endpoints stay as they were (the proxy's outlier detection and
 * health checks still guard them).
 */
export class ConsoleEndpointsClient {
  private hash: string | undefined;
  private readonly poll: ConsoleLongPoll<"applied">;

  constructor(private readonly o: ConsoleEndpointsOptions) {
    this.poll = new ConsoleLongPoll({
      ...o,
      path: "/api/xds/endpoints",
      query: () => ({ node: o.node, hash: this.hash, gateway: o.gateway }),
      headers: o.authHeaders,
      failedMessage: "endpoints poll failed",
      unreachableMessage: "endpoints poll: console unreachable",
      onAnswer: async (res) => this.accept(await res.json().catch(() => undefined)),
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

  private accept(raw: unknown): "applied" | "error" {
    const parsed = EndpointsResponseSchema.safeParse(raw);
    if (!parsed.success) {
      const error = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      this.o.log.error("endpoints response ignored: invalid; keeping the last good endpoints", { error });
      return "error";
    }
    this.hash = parsed.data.hash;
    this.o.apply(parsed.data.clusters);
    const count = Object.values(parsed.data.clusters).reduce((n, eps) => n + eps.length, 0);
    this.o.log.info("registered endpoints applied", { index: parsed.data.index, endpoints: count });
    return "applied";
  }
}
