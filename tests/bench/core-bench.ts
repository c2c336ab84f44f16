/**
 * lib/core hot code: route matching through lib/core/routing (table built once) vs a naive linear
 * regex scan rebuilt per request, and compile + hash of a large mesh. Interleaved rounds, medians.
 */
import { buildSnapshot, compileMesh } from "../../lib/core/compile/index.ts";
import { buildRouteTable, matchRequest, type RequestInfo } from "../../lib/core/routing/index.ts";
import { contentHash } from "../../lib/core/snapshot/hash.ts";
import type { CompiledRule, SnapshotConfig } from "../../lib/core/snapshot/schema.ts";
import { benchMesh, benchRequests } from "./core-fixtures.ts";
import { median } from "./report.ts";

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function domainRegex(d: string): RegExp {
  if (d === "*") return /^.*$/;
  return d.startsWith("*.") ? new RegExp(`^.+${esc(d.slice(1))}$`) : new RegExp(`^${esc(d)}$`);
}

function stringRegex(m: { type: string; value: string }): RegExp {
  if (m.type === "regex") return new RegExp(`^(?:${m.value})$`);
  return new RegExp(m.type === "prefix" ? `^${esc(m.value)}` : `^${esc(m.value)}$`);
}

/** The baseline: what a first version without a route table would do: scan everything, compile regexes per request. */
export function naiveMatch(config: SnapshotConfig, req: RequestInfo): CompiledRule | null {
  const host = req.host.toLowerCase().replace(/:\d+$/, "");
  for (const vh of config.virtualHosts) {
    if (!vh.domains.some((d) => domainRegex(d).test(host))) continue;
    for (const rule of vh.rules) {
      if (rule.matches.length === 0) return rule;
      const ok = rule.matches.some(
        (m) =>
          (m.methods.length === 0 || m.methods.includes(req.method)) &&
          (!m.uri || stringRegex(m.uri).test(req.path)) &&
          m.headers.every((h) => {
            const v = req.headers[h.name.toLowerCase()];
            if (h.type === "present") return v !== undefined;
            if (h.type === "absent") return v === undefined;
            return typeof v === "string" && stringRegex(h).test(v);
          }),
      );
      if (ok) return rule;
    }
    return null;
  }
  return null;
}

/** Runs `fn(i)` for `n` iterations and returns operations per second. */
function opsPerSec(n: number, fn: (i: number) => unknown): number {
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) if (fn(i)) sink++;
  const ms = performance.now() - t0;
  if (sink < 0) console.log(sink); // keeps the results observable
  return (n / ms) * 1_000;
}

/** Repeats `fn` until `minMs` elapsed; returns calls per second. */
function callsPerSec(minMs: number, fn: () => unknown): number {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    fn();
    n++;
  }
  return (n / (performance.now() - t0)) * 1_000;
}

export interface CoreBenchOptions {
  rounds: number;
  matchRequests: number;
  naiveRequests: number;
}

export function runCoreBench(
  o: CoreBenchOptions = { rounds: 5, matchRequests: 1_000_000, naiveRequests: 20_000 },
): string[] {
  const HOSTS = 50;
  const RULES = 10;
  const routingMesh = benchMesh(HOSTS, RULES);
  const config = compileMesh(routingMesh);
  const table = buildRouteTable(config);
  const reqs = benchRequests(HOSTS, RULES, 10_000);
  // Both matchers must agree before their speed means anything.
  let hits = 0;
  for (const r of reqs) {
    const a = matchRequest(table, r)?.rule.id ?? null;
    const b = naiveMatch(config, r)?.id ?? null;
    if (a !== b) throw new Error(`core bench: table and naive matcher disagree on ${JSON.stringify(r)}: ${a} vs ${b}`);
    if (a !== null) hits++;
  }
  const bigMesh = benchMesh(300, 10, 5);
  const bigConfig = compileMesh(bigMesh);
  const configBytes = JSON.stringify(bigConfig).length;

  const res = {
    table: [] as number[],
    naive: [] as number[],
    build: [] as number[],
    compile: [] as number[],
    hash: [] as number[],
    tableBuild: [] as number[],
  };
  const L = reqs.length;
  for (let round = 0; round <= o.rounds; round++) {
    const keep = round > 0; // round 0 is the warm-up
    const t = opsPerSec(o.matchRequests, (i) => matchRequest(table, reqs[i % L]!));
    const n = opsPerSec(o.naiveRequests, (i) => naiveMatch(config, reqs[i % L]!));
    const c = callsPerSec(300, () => compileMesh(bigMesh));
    const h = callsPerSec(300, () => contentHash(bigConfig));
    const b = callsPerSec(300, () => buildSnapshot(bigMesh, 1));
    const tb = callsPerSec(200, () => buildRouteTable(bigConfig));
    if (keep) {
      res.table.push(t);
      res.naive.push(n);
      res.compile.push(c);
      res.hash.push(h);
      res.build.push(b);
      res.tableBuild.push(tb);
    }
  }
  const m = Object.fromEntries(Object.entries(res).map(([k, v]) => [k, median(v)])) as Record<keyof typeof res, number>;
  const fmt = (x: number) =>
    x >= 1e5 ? `${(x / 1e6).toFixed(2)} M/s` : x >= 100 ? `${(x / 1e3).toFixed(2)} k/s` : `${x.toFixed(1)} /s`;
  return [
    `lib/core bench — ${o.rounds} rounds after 1 warm-up, medians (in-process, node ${process.version})`,
    `route matching, ${HOSTS} vhosts × ${RULES} rules, ${L} distinct requests (${((hits / L) * 100).toFixed(0)}% match a rule; both matchers agree on all):`,
    `  routing table (built once)         ${fmt(m.table).padStart(12)}  (${o.matchRequests.toLocaleString("en")} requests per round)`,
    `  naive scan, regexes per request    ${fmt(m.naive).padStart(12)}  (${o.naiveRequests.toLocaleString("en")} requests per round)`,
    `  ratio table/naive                  ${(m.table / m.naive).toFixed(1)}×   (${(1e6 / m.table).toFixed(2)} µs vs ${(1e6 / m.naive).toFixed(2)} µs per request)`,
    `compile + hash, 300 services × 3 versions × 5 endpoints, 300 routes × 10 rules (${(configBytes / 1024).toFixed(0)} KiB canonical config):`,
    `  buildSnapshot (compile + hash)     ${fmt(m.build).padStart(12)}  (${(1e3 / m.build).toFixed(1)} ms each)`,
    `  compileMesh only                   ${fmt(m.compile).padStart(12)}  (${(1e3 / m.compile).toFixed(1)} ms)`,
    `  contentHash only                   ${fmt(m.hash).padStart(12)}  (${(1e3 / m.hash).toFixed(1)} ms; ${((m.build > 0 ? 1 / m.hash / (1 / m.build) : NaN) * 100).toFixed(0)}% of buildSnapshot)`,
    `  buildRouteTable (proxy apply)      ${fmt(m.tableBuild).padStart(12)}  (${(1e3 / m.tableBuild).toFixed(1)} ms)`,
  ];
}
