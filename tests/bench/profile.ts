/**
 * Profiling pass: the bundled proxy (source-mapped back to .ts) under `node --cpu-prof`, pinned to core 1,
 * with wrk on core 0; prints the top frames by self time and by inclusive time with file:line.
 *
 *   npx tsx tests/bench/profile.ts        env: PROFILE_S=10, PROFILE_OUT=/path/to/copy.cpuprofile
 */
import { copyFileSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "../helpers/ports.ts";
import { BENCH_HOST, startNginx, upstreamConfig } from "./nginx-config.ts";
import { cleanupAll, installCleanupHandlers, requireBinary, stopChild, tempDir } from "./procs.ts";
import { loadSourceMap, type SourceMap } from "./sourcemap.ts";
import { ROOT, startSignalbox } from "./signalbox.ts";
import { runWrk } from "./wrk.ts";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function frameKey(cf: CallFrame, map: SourceMap, bundleUrl: string): string {
  const fn = cf.functionName || "(anonymous)";
  if (cf.url === "") return fn;
  if (cf.url.endsWith(bundleUrl)) {
    const pos = map.lookup(cf.lineNumber, cf.columnNumber);
    if (pos) return `${fn}  ${path.relative(ROOT, pos.file)}:${pos.line}`;
  }
  return `${fn}  ${cf.url.replace(/^file:\/\//, "")}:${cf.lineNumber + 1}`;
}

export function analyzeProfile(profile: CpuProfile, map: SourceMap, bundleUrl: string, top = 25): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = profile.endTime - profile.startTime;
  const idle = [...byId.values()]
    .filter((n) => n.callFrame.functionName === "(idle)")
    .reduce((s, n) => s + (self.get(n.id) ?? 0), 0);
  const busy = total - idle;
  const keyOf = new Map(profile.nodes.map((n) => [n.id, frameKey(n.callFrame, map, bundleUrl)]));
  // Inclusive time per key, counting each key once per stack (recursion-safe).
  const inclusive = new Map<string, number>();
  const selfByKey = new Map<string, number>();
  const walk = (id: number, onStack: Set<string>): number => {
    const n = byId.get(id)!;
    const key = keyOf.get(id)!;
    const mine = self.get(id) ?? 0;
    selfByKey.set(key, (selfByKey.get(key) ?? 0) + mine);
    const fresh = !onStack.has(key);
    if (fresh) onStack.add(key);
    let sum = mine;
    for (const c of n.children ?? []) sum += walk(c, onStack);
    if (fresh) {
      onStack.delete(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + sum);
    }
    return sum;
  };
  walk(profile.nodes[0]!.id, new Set());
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`;
  const rows = (m: Map<string, number>, filter: (k: string) => boolean) =>
    [...m.entries()]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `  ${pct(us)}  ${k}`);
  const ours = (k: string) => /\s(proxy|lib\/core)\//.test(k);
  const byArea = new Map<string, number>();
  for (const [k, us] of selfByKey) {
    const area =
      k === "(idle)"
        ? "idle"
        : ours(k)
          ? "proxy + lib/core (own code)"
          : /node_modules\//.test(k)
            ? "npm packages"
            : /node:|^\(|\s(internal|node:)/.test(k)
              ? "node internals, GC, native"
              : "other";
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  return [
    `profile: ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (${((busy / total) * 100).toFixed(0)}%); percentages are of busy time`,
    "self time by area:",
    ...rows(byArea, (k) => k !== "idle"),
    `top ${top} frames by self time:`,
    ...rows(selfByKey, (k) => k !== "(idle)" && k !== "(root)"),
    `top ${top} own frames (proxy/, lib/core/) by inclusive time:`,
    ...rows(inclusive, ours),
  ];
}

async function main(): Promise<void> {
  installCleanupHandlers();
  const nginxBin = requireBinary("nginx", "Install it with: apt-get install nginx-light wrk", "nginx-light");
  const wrkBin = requireBinary("wrk", "Install it with: apt-get install nginx-light wrk", "wrk");
  const seconds = Number(process.env.PROFILE_S ?? 10);
  const [v1Port, v2Port, sbPort] = [await freePort(), await freePort(), await freePort()];
  await startNginx(nginxBin, "upstream", 0, (p) => upstreamConfig(p, v1Port, v2Port), v1Port);
  const profDir = tempDir("cpuprof");
  const sb = await startSignalbox({ cpu: 1, port: sbPort, v1Port, v2Port, mode: "bundle", cpuProfDir: profDir });
  const wrk = (d: number) =>
    runWrk({ wrkBin, cpu: 0, port: sbPort, host: BENCH_HOST, threads: 1, connections: 64, durationS: d });
  await wrk(2);
  const w = await wrk(seconds);
  console.log(
    `signalbox (bundle, --cpu-prof) under wrk -t1 -c64 -d${seconds}s: ${w.rps.toFixed(0)} rps, ${w.non2xx + w.socketErrors} errors`,
  );
  await stopChild(sb.child.proc, 10_000);
  const file = readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no .cpuprofile written in ${profDir}:\n${sb.child.output()}`);
  if (process.env.PROFILE_OUT) copyFileSync(path.join(profDir, file), process.env.PROFILE_OUT);
  const profile = JSON.parse(readFileSync(path.join(profDir, file), "utf8")) as CpuProfile;
  for (const line of analyzeProfile(profile, loadSourceMap(`${sb.script}.map`), path.basename(sb.script)))
    console.log(line);
}

main()
  .then(() => cleanupAll())
  .then(() => process.exit(0))
  .catch(async (e: unknown) => {
    console.error(`profile failed: ${e instanceof Error ? e.message : String(e)}`);
    await cleanupAll();
    process.exit(1);
  });
