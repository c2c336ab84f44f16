/** Kubernetes/Istio durations (Go syntax) ↔ milliseconds. Whole seconds print as `Ns`, others as `Nms`. */
export function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };

/** Parses `1.5s`, `500ms`, `1m30s`; undefined when the text is not a duration. Rounds to whole ms. */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== "string" || text === "") return undefined;
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    consumed = re.lastIndex;
  }
  return consumed === text.length ? Math.round(total) : undefined;
}
