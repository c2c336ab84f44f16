/**
 * Prometheus text exposition format 0.0.4: one `# HELP` and one `# TYPE` line per family, then its samples.
 * Pure, so the escaping rules are tested alone: label values escape `\`, `"` and newline; HELP text escapes `\`
 * and newline. Histograms are written from per-bucket counts as cumulative `_bucket{le=…}` lines ending in
 * `le="+Inf"`, then `_sum` and `_count`.
 */

export type Labels = Readonly<Record<string, string>>;

export type MetricFamily =
  | { name: string; help: string; type: "counter" | "gauge"; samples: { labels?: Labels; value: number }[] }
  | {
      name: string;
      help: string;
      type: "histogram";
      /** Upper bounds of the finite buckets, ascending; `counts` has one more entry, the open bucket. */
      bounds: readonly number[];
      samples: { labels?: Labels; counts: readonly number[]; sum: number }[];
    };

export const escapeLabelValue = (v: string): string =>
  v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

const escapeHelp = (v: string): string => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

/** Prometheus writes +Inf, -Inf and NaN by name; every other number as JavaScript prints it. */
export function formatValue(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "+Inf";
  if (n === -Infinity) return "-Inf";
  return String(n);
}

function labelSet(labels: Labels | undefined, extra?: [string, string]): string {
  const pairs = Object.entries(labels ?? {});
  if (extra) pairs.push(extra);
  if (pairs.length === 0) return "";
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}`;
}

export function renderExposition(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    if (f.type !== "histogram") {
      for (const s of f.samples) lines.push(`${f.name}${labelSet(s.labels)} ${formatValue(s.value)}`);
      continue;
    }
    for (const s of f.samples) {
      let cumulative = 0;
      f.bounds.forEach((le, i) => {
        cumulative += s.counts[i] ?? 0;
        lines.push(`${f.name}_bucket${labelSet(s.labels, ["le", formatValue(le)])} ${cumulative}`);
      });
      cumulative += s.counts[f.bounds.length] ?? 0;
      lines.push(`${f.name}_bucket${labelSet(s.labels, ["le", "+Inf"])} ${cumulative}`);
      lines.push(`${f.name}_sum${labelSet(s.labels)} ${formatValue(s.sum)}`);
      lines.push(`${f.name}_count${labelSet(s.labels)} ${cumulative}`);
    }
  }
  return lines.join("\n") + "\n";
}
