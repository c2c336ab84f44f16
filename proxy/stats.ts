import type { InboundStatus } from "./sidecar/inbound.ts";
import type { EndpointHealth } from "../lib/core/index.ts";
import type { ActiveConfig } from "./config/active-config.ts";
import type { ListenerStatus } from "./listener-set.ts";
import type { ExtraGauge } from "./metrics/prometheus.ts";
import type { MetricsRegistry } from "./metrics/registry.ts";

export interface EndpointStats {
  address: string;
  weight: number;
  active: number;
  consecutive5xx: number;
  timesEjected: number;
  ejected: boolean;
  /** Active health check verdict (true without a health check). */
  healthy: boolean;
  ejectedUntil: string | null;
}

export interface ProxyStats {
  node: string;
  version: number;
  hash: string | null;
  inFlight: number;
  lastError: { version: number; error: string; at: string } | null;
  clusters: { name: string; active: number; pending: number; endpoints: EndpointStats[] }[];
  routes: {
    route: string;
    cluster: string;
    /** A sidecar inbound's edge series: the caller and how it arrived. */
    source?: string;
    mtls?: string;
    requests: number;
    "2xx": number;
    "3xx": number;
    "4xx": number;
    "5xx": number;
  }[];
  /** Mesh mode: the inbound listener (mode, identity, refused connections). */
  sidecar?: InboundStatus;
  /** This process's memory (bytes), as process.memoryUsage() reports it. */
  memory: { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
  /** Downstream ports: protocol, TLS mode, each certificate's name and expiry, handshake failures, problems. */
  listeners?: ListenerStatus[];
  /** Worker mode: which worker answered (1-based) and its pid. */
  worker?: number;
  pid?: number;
}

/** The /stats document: running version, cluster and endpoint state (outlier ejections), per-series totals. */
export function buildStats(
  node: string,
  cfg: ActiveConfig | null,
  registry: MetricsRegistry,
  inFlight: number,
  lastError: ProxyStats["lastError"],
): ProxyStats {
  const now = Date.now();
  return {
    node,
    version: cfg?.version ?? 0,
    hash: cfg?.hash ?? null,
    inFlight,
    lastError,
    memory: process.memoryUsage(),
    clusters: [...(cfg?.clusters.values() ?? [])].map((c) => ({
      // A port's own runtime shows as `service/version:port` (Cluster.byPort).
      name: c.key,
      active: c.active,
      pending: c.pending,
      endpoints: c.endpoints.map((e) => ({
        address: e.key,
        weight: e.weight,
        active: e.active,
        consecutive5xx: e.consecutive5xx,
        timesEjected: e.timesEjected,
        ejected: e.isEjected(now),
        healthy: e.healthy,
        ejectedUntil: e.isEjected(now) ? new Date(e.ejectedUntil).toISOString() : null,
      })),
    })),
    routes: [...registry.all()].map((s) => ({
      route: s.route,
      cluster: s.cluster,
      ...(s.edge ? { source: s.edge.source, mtls: s.edge.mtls } : {}),
      requests: s.requests,
      "2xx": s.s2xx,
      "3xx": s.s3xx,
      "4xx": s.s4xx,
      "5xx": s.s5xx,
    })),
  };
}

/** The gauges /metrics adds to the request series in one process (or one worker). */
export function proxyGauges(s: ProxyStats): ExtraGauge[] {
  const perEndpoint = (value: (e: EndpointStats) => number) =>
    s.clusters.flatMap((c) =>
      c.endpoints.map((e) => ({ labels: { cluster: c.name, endpoint: e.address }, value: value(e) })),
    );
  const ports = s.listeners ?? [];
  return [
    {
      name: "signalbox_tls_handshake_failures",
      help: "Downstream TLS handshakes that failed (no or untrusted client certificate, protocol too old, no certificate).",
      samples: ports
        .filter((l) => l.protocol === "HTTPS")
        .map((l) => ({ labels: { port: String(l.port) }, value: l.tlsHandshakeFailures })),
    },
    {
      name: "signalbox_certificate_expiry_timestamp_seconds",
      help: "notAfter of each certificate a listener serves, in Unix seconds.",
      samples: ports.flatMap((l) =>
        l.certificates.flatMap((c) =>
          c.notAfter
            ? [{ labels: { port: String(l.port), credential: c.name }, value: Date.parse(c.notAfter) / 1000 }]
            : [],
        ),
      ),
    },
    {
      name: "signalbox_snapshot_version",
      help: "Version of the running snapshot (0: none).",
      samples: [{ value: s.version }],
    },
    {
      name: "signalbox_inflight_requests",
      help: "Downstream requests being handled.",
      samples: [{ value: s.inFlight }],
    },
    {
      name: "process_resident_memory_bytes",
      help: "Resident memory size in bytes.",
      samples: [{ value: s.memory.rss }],
    },
    { name: "nodejs_heap_size_used_bytes", help: "V8 heap in use, in bytes.", samples: [{ value: s.memory.heapUsed }] },
    {
      name: "signalbox_upstream_ejected",
      help: "1 when outlier detection has ejected the endpoint.",
      samples: perEndpoint((e) => (e.ejected ? 1 : 0)),
    },
    {
      name: "signalbox_upstream_healthy",
      help: "0 when the active health check failed the endpoint.",
      samples: perEndpoint((e) => (e.healthy ? 1 : 0)),
    },
  ];
}

/**
 * Every endpoint of the running snapshot as the console's MetricsBatch.endpoints wants it: `ejected` by outlier
 * detection (with its end), else `unhealthy` by active health checks, else `healthy`.
 */
export function endpointHealth(cfg: ActiveConfig | null, now = Date.now()): EndpointHealth[] {
  const out: EndpointHealth[] = [];
  if (cfg === null) return out;
  // A port's own runtime may hold the same address and port as its cluster's: reported once, as the cluster's.
  const seen = new Set<string>();
  for (const c of cfg.clusters.values()) {
    for (const e of c.endpoints) {
      const id = `${c.name}|${e.address}:${e.port}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const ejected = e.isEjected(now);
      const state = ejected ? "ejected" : e.healthy ? "healthy" : "unhealthy";
      out.push({
        cluster: c.name,
        address: e.address,
        port: e.port,
        state,
        ...(ejected ? { ejectedUntil: e.ejectedUntil } : {}),
        consecutiveErrors: e.consecutive5xx,
      });
    }
  }
  return out;
}
