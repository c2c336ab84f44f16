import http from "node:http";
import https from "node:https";
import type { TrafficPolicy } from "../../lib/core/index.ts";
import type { Logger } from "../log.ts";
import type { EndpointState } from "./endpoint.ts";

export type HealthCheckPolicy = NonNullable<TrafficPolicy["healthCheck"]>;

/**
 * Active HTTP health check of one endpoint: GET path every intervalMs; 2xx within timeoutMs is a pass.
 * unhealthyThreshold consecutive failures mark the endpoint unhealthy, healthyThreshold passes mark it
 * healthy again. Endpoints start healthy, so a new config serves at once (Envoy's default).
 */
export class HealthChecker {
  private timer: NodeJS.Timeout | undefined;
  private fails = 0;
  private passes = 0;
  private stopped = false;

  constructor(
    private readonly ep: EndpointState,
    readonly policy: HealthCheckPolicy,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.check().then(() => this.schedule()), this.policy.intervalMs);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    const ok = await probe(this.ep, this.policy);
    if (this.stopped) return;
    if (ok) {
      this.fails = 0;
      if (++this.passes >= this.policy.healthyThreshold && !this.ep.healthy) {
        this.ep.healthy = true;
        this.log.info("endpoint healthy", { cluster: this.ep.cluster, endpoint: this.ep.key });
      }
    } else {
      this.passes = 0;
      if (++this.fails >= this.policy.unhealthyThreshold && this.ep.healthy) {
        this.ep.healthy = false;
        this.log.warn("endpoint unhealthy", { cluster: this.ep.cluster, endpoint: this.ep.key });
      }
    }
  }
}

/**
 * One probe on its own connection (agent: false), so a stuck pool cannot make a healthy endpoint look dead. An
 * endpoint reached with TLS is probed with the same TLS settings (a credential that is missing: unhealthy).
 */
function probe(ep: EndpointState, policy: HealthCheckPolicy): Promise<boolean> {
  const tls = ep.settings.tls?.connect;
  if (typeof tls === "function") return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = (tls ? https : http).get(
      {
        ...tls,
        host: ep.address,
        port: ep.port,
        path: policy.path,
        agent: false,
        timeout: policy.timeoutMs,
        headers: { "user-agent": "signalbox-health-check" },
      },
      (res) => {
        res.resume();
        resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300);
      },
    );
    req.on("timeout", () => req.destroy(new Error("health check timeout")));
    req.on("error", () => resolve(false));
  });
}
