/**
 * Issue 12 item 2: lib/core at scale, the uncached path beside the incremental one (CompileCache + native hash).
 * - 5,000 services / 20,000 routes: validate + compile + hash, cold (what a first publish does) and warm with one
 *   route changed (what the next publish does); zod parsing is shown apart.
 * - approving a change to a 500-service mesh (2,000 routes), the lib/core part of it: parse + validate + compile +
 *   hash of the proposed mesh, one route changed since the running one.
 * Medians of `rounds` after a warm-up; the old path is validate + compileMesh + contentHash (pure-JS SHA-256).
 */
import { buildSnapshot, buildSnapshotNative, CompileCache } from "../../lib/core/compile/index.ts";
import { MeshConfigSchema, type MeshConfig, type MeshConfigInput } from "../../lib/core/model/index.ts";
import { validateMesh } from "../../lib/core/validate/index.ts";
import { largeMeshInput } from "./core-fixtures.ts";
import { median } from "./report.ts";

const ms = (t0: number) => performance.now() - t0;

/** A copy of `input` with route `i`'s first split moved, as one edit in the editor would. */
function withOneRouteChanged(input: MeshConfigInput, i: number): MeshConfigInput {
  const copy = structuredClone(input);
  const rule = copy.routes![i % copy.routes!.length]!.rules![0]!;
  const w = 1 + (i % 98);
  rule.destinations = rule.destinations!.map((d, k) => ({ ...d, weight: k === 0 ? w : 100 - w }));
  return copy;
}

interface Timings {
  parse: number;
  validate: number;
  build: number;
}

async function timeOnce(input: MeshConfigInput, native: boolean, cache?: CompileCache): Promise<Timings> {
  let t0 = performance.now();
  const mesh: MeshConfig = MeshConfigSchema.parse(input);
  const parse = ms(t0);
  t0 = performance.now();
  const issues = validateMesh(mesh).filter((i) => i.severity === "error");
  const validate = ms(t0);
  if (issues.length > 0) throw new Error(`scale bench mesh is invalid: ${issues[0]!.message}`);
  t0 = performance.now();
  if (native) await buildSnapshotNative(mesh, 1, cache);
  else buildSnapshot(mesh, 1);
  return { parse, validate, build: ms(t0) };
}

async function series(rounds: number, run: (round: number) => Promise<Timings>): Promise<Timings> {
  const all: Timings[] = [];
  for (let r = 0; r <= rounds; r++) {
    const t = await run(r);
    if (r > 0) all.push(t); // round 0 warms up the JIT
  }
  return {
    parse: median(all.map((t) => t.parse)),
    validate: median(all.map((t) => t.validate)),
    build: median(all.map((t) => t.build)),
  };
}

const line = (label: string, t: Timings) =>
  `  ${label.padEnd(44)} ${(t.validate + t.build).toFixed(0).padStart(6)} ms  (validate ${t.validate.toFixed(0)}, compile + hash ${t.build.toFixed(0)}; zod parse ${t.parse.toFixed(0)} apart)`;

export async function runScaleBench(rounds = 3): Promise<string[]> {
  const out = [`lib/core at scale — medians of ${rounds} rounds after 1 warm-up (node ${process.version})`];
  for (const [services, label] of [
    [5_000, "5,000 services / 20,000 routes"],
    [500, "500-service approval (2,000 routes)"],
  ] as const) {
    const base = largeMeshInput(services, 4);
    const uncached = await series(rounds, (r) => timeOnce(withOneRouteChanged(base, r), false));
    const nativeCold = await series(rounds, (r) => timeOnce(withOneRouteChanged(base, r), true));
    const cache = new CompileCache();
    await timeOnce(base, true, cache);
    const warm = await series(rounds, (r) => timeOnce(withOneRouteChanged(base, r + 1), true, cache));
    out.push(`${label}: validate + compile + hash`);
    out.push(line("uncached, pure-JS hash (before)", uncached));
    out.push(line("uncached, native hash", nativeCold));
    out.push(line("cached, one route changed, native hash", warm));
  }
  return out;
}
