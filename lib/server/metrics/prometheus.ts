import "server-only";
import { LATENCY_BUCKETS_MS } from "@/lib/core/index.ts";
import { parseServiceEdgeKey } from "@/lib/core/api/metrics.ts";
import { serviceOfSpiffeId } from "@/lib/core/sidecar/index.ts";
import { renderExposition, type MetricFamily } from "@/lib/core/metrics/index.ts";
import { latestVersionNumber } from "@/lib/server/config/publish.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { listProxies } from "@/lib/server/xds/proxies.ts";
import { versionSignal } from "@/lib/server/xds/version-signal.ts";
import { metricsHub } from "./hub.ts";
import { rollupWriter } from "./rollup-writer.ts";
import { tapSampleCounts } from "@/lib/server/tap/samples.ts";

const PROXY_STATES = ["synced", "syncing", "stale", "rejected", "offline"] as const;

/** Probes the database with a trivial query: up (1/0) and how long the answer took. */
async function probeDatabase(): Promise<{ up: number; seconds: number }> {
  const started = performance.now();
  try {
    const prisma = await getPrisma();
    await prisma.$queryRawUnsafe("SELECT 1");
    return { up: 1, seconds: (performance.now() - started) / 1000 };
  } catch {
    return { up: 0, seconds: (performance.now() - started) / 1000 };
  }
}

/**
 * The console's /metrics: its own health (process, database, held long-polls, proxies by state, latest snapshot
 * version, metrics ingest) and the mesh's golden metrics (requests, 5xx errors, latency histogram per route and
 * version) as counters of what this console received since it started. Behind a load balancer each console counts
 * the batches it received: scrape every instance and sum (README, "Prometheus").
 */
export async function consoleExposition(): Promise<string> {
  const db = await probeDatabase();
  const [proxies, latest] = db.up
    ? await Promise.all([listProxies(), getPrisma().then(latestVersionNumber)])
    : [{ proxies: [] }, 0];
  const byState = new Map<string, number>(PROXY_STATES.map((s) => [s, 0]));
  for (const p of proxies.proxies) byState.set(p.state, (byState.get(p.state) ?? 0) + 1);
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  const edges = [...metricsHub.edgeTotals].sort(([a], [b]) => (a < b ? -1 : 1));
  const edgeLabels = (key: string) => {
    const at = key.lastIndexOf(">");
    return { route: key.slice(0, at), version: key.slice(at + 1) };
  };
  const serviceEdges = [...metricsHub.serviceEdgeTotals]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([key, cell]) => {
      const labels = serviceEdgeLabels(key);
      return labels ? [{ labels, cell }] : [];
    });
  const families: MetricFamily[] = [
    gauge("process_resident_memory_bytes", "Resident memory size in bytes.", mem.rss),
    counter(
      "process_cpu_seconds_total",
      "Total user and system CPU time spent in seconds.",
      (cpu.user + cpu.system) / 1e6,
    ),
    gauge(
      "process_start_time_seconds",
      "Start time of the process since unix epoch in seconds.",
      Math.round(Date.now() / 1000 - process.uptime()),
    ),
    gauge("nodejs_heap_used_bytes", "V8 heap in use, in bytes.", mem.heapUsed),
    gauge("signalbox_console_db_up", "Whether the database answered a probe query (1) or not (0).", db.up),
    gauge("signalbox_console_db_probe_seconds", "How long the database took to answer the probe query.", db.seconds),
    gauge("signalbox_console_held_polls", "Snapshot long-polls this console is holding.", versionSignal.waiting),
    {
      name: "signalbox_console_proxies",
      help: "Proxies seen recently, by sync state.",
      type: "gauge",
      samples: [...byState].map(([state, value]) => ({ labels: { state }, value })),
    },
    gauge("signalbox_console_snapshot_version", "The latest published config version.", latest),
    counter("signalbox_console_metric_batches_total", "Metrics batches received from proxies.", metricsHub.batches),
    counter(
      "signalbox_console_metric_keys_dropped_total",
      "Series keys dropped by the live buffer's per-second cap (SIGNALBOX_METRICS_MAX_KEYS).",
      metricsHub.droppedKeys,
    ),
    counter(
      "signalbox_console_rollup_flush_failures_total",
      "Writes of metric rollups to the database that failed (retried).",
      rollupWriter.failures,
    ),
    counter(
      "signalbox_console_tap_samples_total",
      "Live tap samples received from proxies and stored for a viewer.",
      tapSampleCounts.stored,
    ),
    counter(
      "signalbox_console_tap_samples_dropped_total",
      "Live tap samples dropped: their tap was no longer open, or the batch held more than its rate allows.",
      tapSampleCounts.dropped,
    ),
    {
      name: "signalbox_mesh_requests_total",
      help: "Requests proxies reported to this console, by route and version (cluster; - when none was reached).",
      type: "counter",
      samples: edges.map(([key, cell]) => ({ labels: edgeLabels(key), value: cell.requests })),
    },
    {
      name: "signalbox_mesh_request_errors_total",
      help: "Requests answered 5xx, by route and version.",
      type: "counter",
      samples: edges.map(([key, cell]) => ({ labels: edgeLabels(key), value: cell.errors })),
    },
    {
      name: "signalbox_mesh_request_duration_milliseconds",
      help: "Request latency in milliseconds, by route and version.",
      type: "histogram",
      bounds: LATENCY_BUCKETS_MS,
      samples: edges.map(([key, cell]) => ({ labels: edgeLabels(key), counts: cell.latency, sum: cell.latencySumMs })),
    },
    {
      name: "signalbox_mesh_service_requests_total",
      help: "Service-to-service requests sidecars took in, by caller (SPIFFE ID and service), destination and mTLS state.",
      type: "counter",
      samples: serviceEdges.map(({ labels, cell }) => ({ labels, value: cell.requests })),
    },
    {
      name: "signalbox_mesh_service_request_errors_total",
      help: "Service-to-service requests answered 5xx, by caller, destination and mTLS state.",
      type: "counter",
      samples: serviceEdges.map(({ labels, cell }) => ({ labels, value: cell.errors })),
    },
    {
      name: "signalbox_mesh_service_request_duration_milliseconds",
      help: "Service-to-service request latency in milliseconds at the destination's sidecar, by caller, destination and mTLS state.",
      type: "histogram",
      bounds: LATENCY_BUCKETS_MS,
      samples: serviceEdges.map(({ labels, cell }) => ({ labels, counts: cell.latency, sum: cell.latencySumMs })),
    },
  ];
  return renderExposition(families);
}

/**
 * A service edge's labels, as Istio's istio_requests_total names them where it can: the caller's SPIFFE ID
 * (`unknown` for a plaintext caller) and its service (`-` for a gateway proxy's identity or an unknown caller), the
 * destination service and version, and the mTLS state (`locked`, `permissive`, `plain`).
 */
function serviceEdgeLabels(key: string): Record<string, string> | null {
  const edge = parseServiceEdgeKey(key);
  if (!edge) return null;
  const at = edge.cluster.indexOf("/");
  return {
    source: edge.source,
    source_service: serviceOfSpiffeId(edge.source) ?? "-",
    destination_service: at < 0 ? edge.cluster : edge.cluster.slice(0, at),
    destination_version: at < 0 ? "-" : edge.cluster.slice(at + 1),
    mtls: edge.mtls,
  };
}

const gauge = (name: string, help: string, value: number): MetricFamily => ({
  name,
  help,
  type: "gauge",
  samples: [{ value }],
});
const counter = (name: string, help: string, value: number): MetricFamily => ({
  name,
  help,
  type: "counter",
  samples: [{ value }],
});
