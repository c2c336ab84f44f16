import type { SimulateResponse } from "../core/api/index.ts";

/**
 * `signalbox simulate`'s readable answer: the config, where the request enters, the host choice, each rule tried
 * with the conditions that failed, then the verdict. Pure, so it is unit-tested without a console.
 */

const ruleLabel = (r: { index: number; name: string }) => `#${r.index}${r.name ? ` ${r.name}` : ""}`;

function configLine(c: SimulateResponse["config"]): string {
  const hash = c.hash ? ` (sha256 ${c.hash.slice(0, 12)})` : "";
  if (c.source === "published") return `Config:   published version ${c.version ?? "none"}${hash}`;
  return `Config:   your draft ${c.changeId} revision ${c.revision}, based on version ${c.version}${hash}`;
}

function entryLines(s: SimulateResponse): string[] {
  const r = s.request;
  const target = r.path === null ? "(refused)" : `${r.path}${r.query}`;
  const through = s.gateway === null ? "the mesh (no gateway)" : `gateway ${s.gateway}`;
  const listener = s.listener ? `, listener ${s.listener.name} :${s.listener.port}` : "";
  return [`Request:  ${r.method} ${r.host} ${target}`, `Through:  ${through}${listener}`];
}

function hostLines(s: SimulateResponse): string[] {
  if (s.hosts.length === 0 && s.verdict.kind === "rejected") return [];
  const lines = ["", "Hosts:"];
  for (const h of s.hosts) lines.push(`  ${h.selected ? "✓" : "✗"} ${h.route}: ${h.reason}`);
  if (s.hosts.length === 0) lines.push("  no route has a domain matching this host");
  if (s.otherRoutes > 0) lines.push(`  (${s.otherRoutes} other route(s) have no domain matching this host)`);
  return lines;
}

function ruleLines(s: SimulateResponse): string[] {
  if (s.route === null) return [];
  const lines = ["", `Rules of route ${s.route}:`];
  for (const r of s.rules) lines.push(`  ${r.matched ? "✓" : "✗"} ${ruleLabel(r)} (${r.id}): ${r.reason}`);
  if (s.rulesNotReached > 0) lines.push(`  (${s.rulesNotReached} later rule(s) not tried)`);
  return lines;
}

function verdictLines(s: SimulateResponse): string[] {
  const v = s.verdict;
  const status = v.status === null ? "" : ` [${v.status}]`;
  const lines = ["", `Verdict:  ${v.summary}${status}`];
  for (const d of v.destinations)
    lines.push(
      `  ${d.cluster === v.picked ? "→" : " "} ${d.cluster}  weight ${d.weight} (${d.percent}%)  ${d.endpoints} endpoint(s)`,
    );
  if (v.upstreamPath !== null) lines.push(`  upstream request: ${v.upstreamAuthority} ${v.upstreamPath}`);
  if (v.timeoutMs !== null) lines.push(`  timeout ${v.timeoutMs} ms`);
  if (v.retries !== null) lines.push(`  retries ${v.retries.attempts} on ${v.retries.retryOn.join(", ")}`);
  for (const m of v.mirrors) lines.push(`  mirrored to ${m.cluster} (${m.percent}%)`);
  return lines;
}

export function formatSimulation(s: SimulateResponse): string {
  const notes = s.notes.length > 0 ? ["", "Notes:", ...s.notes.map((n) => `  - ${n}`)] : [];
  return (
    [configLine(s.config), ...entryLines(s), ...hostLines(s), ...ruleLines(s), ...verdictLines(s), ...notes].join(
      "\n",
    ) + "\n"
  );
}
