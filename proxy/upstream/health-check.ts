import http from "node:http";
import http2 from "node:http2";
import https from "node:https";
import type { TrafficPolicy } from "../../lib/core/index.ts";
import type { Logger } from "../log.ts";
import type { EndpointState } from "./endpoint.ts";

export type HealthCheckPolicy = NonNullable<TrafficPolicy["healthCheck"]>;

/**
 * Active HTTP health check of one endpoint: GET path every intervalMs; 2xx within timeoutMs is a pass. It speaks
 * the protocol requests to the endpoint use: HTTP/1.1, or HTTP/2 for HTTP2 and GRPC service ports.
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
    /** HTTP/2 probes (a stream on the endpoint's session) instead of HTTP/1.1. */
    readonly http2: boolean,
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
    const ok = await (this.http2 ? probeH2 : probe)(this.ep, this.policy);
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

/**
 * The HTTP/2 probe: one stream on the endpoint's HTTP/2 session, the one requests use (h2c, or h2 over upstream
 * TLS); a session that cannot connect fails the stream, and so the probe.
 */
function probeH2(ep: EndpointState, policy: HealthCheckPolicy): Promise<boolean> {
  if (typeof ep.settings.tls?.connect === "function") return Promise.resolve(false);
  return new Promise((resolve) => {
    let stream: http2.ClientHttp2Stream;
    try {
      stream = ep.h2Session().request(
        {
          ":method": "GET",
          ":path": policy.path,
          ":scheme": ep.settings.tls ? "https" : "http",
          ":authority": ep.key,
          "user-agent": "signalbox-health-check",
        },
        { endStream: true },
      );
    } catch {
      return resolve(false);
    }
    const timer = setTimeout(() => {
      stream.close(http2.constants.NGHTTP2_CANCEL);
      resolve(false);
    }, policy.timeoutMs);
    stream.on("response", (h) => {
      clearTimeout(timer);
      const status = Number(h[":status"] ?? 0);
      resolve(status >= 200 && status < 300);
      stream.resume();
    });
    stream.on("error", () => {
      clearTimeout(timer);
      resolve(false);
    });
    stream.on("close", () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}
