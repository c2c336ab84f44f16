import type { Cluster } from "../../lib/core/index.ts";
import { runtimeKey } from "../../lib/core/routing/index.ts";
import { EndpointState } from "./endpoint.ts";
import { HealthChecker, type HealthCheckPolicy } from "./health-check.ts";
import { createBalancer, type Balancer } from "./load-balancer.ts";
import { sweepOutliers } from "./outlier.ts";
import type { Logger } from "../log.ts";
import type { SecretStore } from "../secrets/store.ts";
import { upstreamTls } from "../tls/upstream-tls.ts";

/** Why a request was refused by connection-pool limits; sent as `x-signalbox-overflow`. */
export type Overflow = "max-connections" | "max-pending";

type PoolLimits = NonNullable<NonNullable<Cluster["trafficPolicy"]>["connectionPool"]>;

/**
 * Envoy's circuit-breaker defaults (max_connections, max_pending_requests, max_requests: 1,024 each), for what a
 * traffic policy leaves unsaid: no cluster takes unbounded concurrency or queues without end. A policy that sets
 * maxConnections without maxPendingRequests keeps its documented meaning: no queue, refuse at once.
 */
export const DEFAULT_MAX_CONNECTIONS = 1024;
export const DEFAULT_MAX_PENDING_REQUESTS = 1024;

/**
 * Admission under connectionPool limits, shared by every generation of a cluster so that a snapshot swap
 * does not reset the count of requests already holding upstream slots.
 */
export class Admission {
  /** Requests holding an upstream slot. */
  active = 0;
  private readonly waiting: (() => void)[] = [];

  get pending(): number {
    return this.waiting.length;
  }

  /**
   * Null when admitted (call release() after), or the overflow reason, or a promise of admission while queued.
   * Unset limits take the defaults above; maxConnections set without maxPendingRequests means no queue.
   */
  acquire(pool: PoolLimits | undefined): Overflow | null | Promise<Overflow | null> {
    if (this.active < (pool?.maxConnections ?? DEFAULT_MAX_CONNECTIONS)) {
      this.active++;
      return null;
    }
    const maxPending =
      pool?.maxPendingRequests ?? (pool?.maxConnections === undefined ? DEFAULT_MAX_PENDING_REQUESTS : 0);
    if (maxPending === 0) return "max-connections";
    if (this.waiting.length >= maxPending) return "max-pending";
    return new Promise((resolve) => this.waiting.push(() => resolve(null)));
  }

  /** Frees a slot, handing it straight to the oldest waiter so `active` never over-counts. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

/**
 * Runtime state of one cluster in one snapshot: endpoints and admission (both shared across swaps), balancer. A
 * cluster with per-port settings (Cluster.byPort) has one more runtime per such port, whose `cluster` carries that
 * port's endpoints and policy and whose `port` says which; `name` stays the cluster's (metrics, access policy).
 */
export class ClusterRuntime {
  readonly balancer: Balancer;

  constructor(
    readonly cluster: Cluster,
    readonly endpoints: readonly EndpointState[],
    readonly admission: Admission = new Admission(),
    readonly port?: number,
  ) {
    this.balancer = createBalancer(cluster.trafficPolicy?.loadBalancer, endpoints);
  }

  get name(): string {
    return this.cluster.name;
  }

  /** The key this runtime is found by in ActiveConfig.clusters (RouteEntry.runtimes). */
  get key(): string {
    return this.port === undefined ? this.cluster.name : runtimeKey(this.cluster.name, this.port);
  }

  get active(): number {
    return this.admission.active;
  }

  get pending(): number {
    return this.admission.pending;
  }

  acquire(): Overflow | null | Promise<Overflow | null> {
    return this.admission.acquire(this.cluster.trafficPolicy?.connectionPool);
  }

  /**
   * Whether requests to the service port `port` go over HTTP/2 (its protocol HTTP2 or GRPC). No port named, or
   * one the service lacks: its first port decides; a service without ports is HTTP/1.1.
   */
  http2For(port: number | undefined): boolean {
    return clusterUsesHttp2(this.cluster, port);
  }

  release(): void {
    this.admission.release();
  }
}

/**
 * Whether requests to the service port `port` of `cluster` go over HTTP/2 (its protocol HTTP2 or GRPC). No port
 * named, or one the service lacks: its first port decides; a service without ports is HTTP/1.1.
 */
export function clusterUsesHttp2(cluster: Cluster, port: number | undefined): boolean {
  const ports = cluster.ports;
  if (ports === undefined || ports.length === 0) return false;
  const p = (port !== undefined ? ports.find((x) => x.number === port) : undefined) ?? ports[0]!;
  return p.protocol !== "HTTP";
}

interface Prepared {
  /** By runtime key: the cluster's name, or runtimeKey(name, port) for a port's own runtime. */
  runtimes: Map<string, ClusterRuntime>;
  endpoints: Map<string, EndpointState>;
  admissions: Map<string, Admission>;
  /** healthCheck policy by runtime key. */
  policies: Map<string, HealthCheckPolicy>;
  /** outlierDetection intervalMs by runtime key. */
  outlierIntervals: Map<string, number>;
  /** The cluster (as its runtime sees it: a port's endpoints and policy) by runtime key. */
  clusters: Map<string, Cluster>;
  /** The service port of each port's own runtime, by runtime key. */
  runtimePorts: Map<string, number>;
}

/** One runtime to build: a cluster as it is, or as a destination naming one of its byPort ports sees it. */
interface RuntimeSpec {
  key: string;
  cluster: Cluster;
  port?: number;
}

/** The cluster's own runtime, then one per byPort entry (its endpoints and policy in the cluster's place). */
function runtimeSpecs(c: Cluster): RuntimeSpec[] {
  const own: RuntimeSpec = { key: c.name, cluster: c };
  if (c.byPort === undefined) return [own];
  return [
    own,
    ...c.byPort.map(({ port, endpoints, trafficPolicy }) => ({
      key: runtimeKey(c.name, port),
      cluster: { ...c, endpoints, trafficPolicy, byPort: undefined },
      port,
    })),
  ];
}

/** Builds ClusterRuntimes for a snapshot, reusing EndpointStates (pools, outlier state) by cluster + address. */
export class UpstreamRegistry {
  private endpoints = new Map<string, EndpointState>();
  private admissions = new Map<string, Admission>();
  private readonly checkers = new Map<string, HealthChecker>();
  private policies = new Map<string, HealthCheckPolicy>();
  private readonly sweeps = new Map<string, { intervalMs: number; timer: NodeJS.Timeout }>();
  /** The running clusters by runtime key: their TLS settings are re-read when a secret changes. */
  private clusters = new Map<string, Cluster>();
  private runtimePorts = new Map<string, number>();

  constructor(
    private readonly log: Logger,
    private readonly secrets?: SecretStore,
  ) {
    secrets?.onChange(() => this.refreshTls());
  }

  /** A secret changed: endpoints whose TLS material changed get a new pool (in-flight requests finish on the old). */
  private refreshTls(): void {
    for (const ep of this.endpoints.values()) {
      const c = this.clusters.get(ep.runtime);
      if (c) ep.configure({ ...ep.settings, tls: this.secrets ? upstreamTls(c, this.secrets) : undefined });
    }
  }

  prepare(clusters: readonly Cluster[]): Prepared {
    const next = new Map<string, EndpointState>();
    const admissions = new Map<string, Admission>();
    const runtimes = new Map<string, ClusterRuntime>();
    const specs = clusters.flatMap(runtimeSpecs);
    for (const { key: rk, cluster: c, port } of specs) {
      const pool = c.trafficPolicy?.connectionPool;
      const settings = {
        connections: pool?.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
        maxRequestsPerConnection: pool?.maxRequestsPerConnection,
        tls: this.secrets ? upstreamTls(c, this.secrets) : undefined,
      };
      // Keyed by runtime: a port's runtime has its own pools (its TLS and limits may differ from the cluster's).
      const eps = c.endpoints.map((e) => {
        const key = `${rk}|${e.address}:${e.port}`;
        const prev = this.endpoints.get(key) ?? next.get(key);
        const ep = prev ?? EndpointState.from(c.name, e, settings, rk);
        ep.weight = e.weight;
        ep.configure(settings);
        next.set(key, ep);
        return ep;
      });
      const admission = this.admissions.get(rk) ?? new Admission();
      admissions.set(rk, admission);
      runtimes.set(rk, new ClusterRuntime(c, eps, admission, port));
    }
    const policies = new Map<string, HealthCheckPolicy>();
    const outlierIntervals = new Map<string, number>();
    for (const { key, cluster: c } of specs) {
      if (c.trafficPolicy?.healthCheck) policies.set(key, c.trafficPolicy.healthCheck);
      if (c.trafficPolicy?.outlierDetection) outlierIntervals.set(key, c.trafficPolicy.outlierDetection.intervalMs);
    }
    return {
      runtimes,
      endpoints: next,
      admissions,
      policies,
      outlierIntervals,
      clusters: new Map(specs.map((s) => [s.key, s.cluster])),
      runtimePorts: new Map(specs.flatMap((s) => (s.port === undefined ? [] : [[s.key, s.port] as const]))),
    };
  }

  /**
   * Called after the swap. Endpoints that left the config are only dropped, not destroyed: their in-flight
   * requests must finish, and their idle keep-alive sockets close on the agent's free-socket timeout.
   */
  commit(prepared: Prepared): void {
    this.policies = prepared.policies;
    this.endpoints = prepared.endpoints;
    this.admissions = prepared.admissions;
    this.clusters = prepared.clusters;
    this.runtimePorts = prepared.runtimePorts;
    this.syncHealthChecks();
    this.syncOutlierSweeps(prepared.outlierIntervals);
  }

  /** One outlier interval timer per cluster with outlierDetection; restarted when its interval changed. */
  private syncOutlierSweeps(intervals: Map<string, number>): void {
    for (const [name, sweep] of this.sweeps) {
      if (intervals.get(name) === sweep.intervalMs) continue;
      clearInterval(sweep.timer);
      this.sweeps.delete(name);
    }
    for (const [name, intervalMs] of intervals) {
      if (this.sweeps.has(name)) continue;
      const timer = setInterval(() => this.sweep(name), intervalMs);
      timer.unref();
      this.sweeps.set(name, { intervalMs, timer });
    }
  }

  private sweep(runtime: string): void {
    const eps: EndpointState[] = [];
    for (const ep of this.endpoints.values()) if (ep.runtime === runtime) eps.push(ep);
    for (const ep of sweepOutliers(eps, Date.now()))
      this.log.info("endpoint returned from ejection", { cluster: runtime, endpoint: ep.key });
  }

  /** One checker per endpoint whose cluster has a healthCheck; restarted only when its policy changed. */
  private syncHealthChecks(): void {
    const wanted = new Map<string, { ep: EndpointState; policy: HealthCheckPolicy; http2: boolean }>();
    for (const [key, ep] of this.endpoints) {
      const policy = this.policies.get(ep.runtime);
      const cluster = this.clusters.get(ep.runtime);
      // Probed in the protocol requests use: an HTTP2/GRPC service port (the runtime's port, else the first) gets
      // an HTTP/2 probe.
      const http2 = cluster !== undefined && clusterUsesHttp2(cluster, this.runtimePorts.get(ep.runtime));
      if (policy) wanted.set(key, { ep, policy, http2 });
    }
    for (const [key, checker] of this.checkers) {
      const w = wanted.get(key);
      if (!w || w.http2 !== checker.http2 || JSON.stringify(w.policy) !== JSON.stringify(checker.policy)) {
        checker.stop();
        this.checkers.delete(key);
      }
    }
    for (const [key, { ep, policy, http2 }] of wanted) {
      if (this.checkers.has(key)) continue;
      const checker = new HealthChecker(ep, policy, http2, this.log);
      this.checkers.set(key, checker);
      checker.start();
    }
    // Endpoints that lost their health check must not stay marked unhealthy by it.
    for (const [key, ep] of this.endpoints) if (!this.checkers.has(key)) ep.healthy = true;
  }

  destroyAll(): void {
    for (const c of this.checkers.values()) c.stop();
    this.checkers.clear();
    for (const s of this.sweeps.values()) clearInterval(s.timer);
    this.sweeps.clear();
    for (const ep of this.endpoints.values()) ep.destroy();
    this.endpoints.clear();
  }

  all(): IterableIterator<EndpointState> {
    return this.endpoints.values();
  }
}
