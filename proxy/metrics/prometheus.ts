import { LATENCY_BUCKETS_MS } from "../../lib/core/index.ts";
import type { MetricsRegistry, Series } from "./registry.ts";

function esc(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

export interface ExtraGauge {
  name: string;
  help: string;
  samples: { labels?: Record<string, string>; value: number }[];
}

/** A sidecar inbound's edge series also names its caller and mTLS state (Istio's source_principal, security_policy). */
function seriesLabels(s: Series): string {
  const l = `route="${esc(s.route)}",cluster="${esc(s.cluster)}"`;
  return s.edge ? `${l},source_principal="${esc(s.edge.source)}",mtls="${s.edge.mtls}"` : l;
}

/** Prometheus text exposition (version 0.0.4) of the registry plus a few gauges. */
export function renderPrometheus(registry: MetricsRegistry, gauges: ExtraGauge[] = []): string {
  const lines: string[] = [];
  lines.push("# HELP signalbox_requests_total Requests handled, by route, cluster and status class.");
  lines.push("# TYPE signalbox_requests_total counter");
  const series = [...registry.all()];
  for (const s of series) {
    const l = seriesLabels(s);
    const classes: [string, number][] = [
      ["2xx", s.s2xx],
      ["3xx", s.s3xx],
      ["4xx", s.s4xx],
      ["5xx", s.s5xx],
    ];
    for (const [cls, n] of classes) lines.push(`signalbox_requests_total{${l},status_class="${cls}"} ${n}`);
  }
  lines.push("# HELP signalbox_request_duration_ms Request latency in milliseconds.");
  lines.push("# TYPE signalbox_request_duration_ms histogram");
  for (const s of series) {
    const l = seriesLabels(s);
    let cum = 0;
    LATENCY_BUCKETS_MS.forEach((le, i) => {
      cum += s.latencyCounts[i]!;
      lines.push(`signalbox_request_duration_ms_bucket{${l},le="${le}"} ${cum}`);
    });
    lines.push(`signalbox_request_duration_ms_bucket{${l},le="+Inf"} ${s.requests}`);
    lines.push(`signalbox_request_duration_ms_sum{${l}} ${s.latencySumMs}`);
    lines.push(`signalbox_request_duration_ms_count{${l}} ${s.requests}`);
  }
  lines.push(
    "# HELP signalbox_authz_requests_total Requests an access policy denied or audited, by policy and action.",
  );
  lines.push("# TYPE signalbox_authz_requests_total counter");
  for (const a of registry.authzTotals())
    lines.push(
      `signalbox_authz_requests_total{policy="${esc(a.policy)}",action="${a.action}",outcome="${a.outcome}"} ${a.count}`,
    );
  for (const g of gauges) {
    lines.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`);
    for (const sample of g.samples) {
      const labels = Object.entries(sample.labels ?? {})
        .map(([k, v]) => `${k}="${esc(v)}"`)
        .join(",");
      lines.push(`${g.name}${labels ? `{${labels}}` : ""} ${sample.value}`);
    }
  }
  return lines.join("\n") + "\n";
}
