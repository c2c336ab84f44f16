/**
 * `npm run fuzz [-- TARGET…]`: long property-based runs (fast-check) with a fresh seed, printed so a failure can
 * be replayed with FUZZ_SEED. `npm test` runs the same properties short and seeded (tests/security/*-fuzz.test.ts).
 * Targets: proxy (raw request heads), console (API bodies and YAML import; needs `npm run build`).
 * Env: FUZZ_RUNS (runs per property, default 2,000), FUZZ_SEED.
 */
import { spawn } from "node:child_process";
import { fuzzProxy } from "./proxy-heads.ts";

/** The console's properties need a built console; they run as the security suite's fuzz files, with more runs. */
function fuzzConsole(run: { seed: number; numRuns: number }): Promise<void> {
  const env = { ...process.env, FUZZ_SEED: String(run.seed), FUZZ_RUNS: String(run.numRuns) };
  const args = ["vitest", "run", "--project", "security", "tests/security/fuzz-api", "tests/security/fuzz-import"];
  return new Promise((resolve, reject) => {
    const child = spawn("npx", args, { stdio: "inherit", env });
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`console fuzz failed (exit ${code})`))));
  });
}

const TARGETS: Record<string, (run: { seed: number; numRuns: number }) => Promise<void>> = {
  proxy: (run) => fuzzProxy(run),
  console: fuzzConsole,
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((t) => !(t in TARGETS));
  if (unknown.length > 0)
    throw new Error(`unknown fuzz target ${unknown.join(", ")}; known: ${Object.keys(TARGETS).join(", ")}`);
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  const numRuns = Number(process.env.FUZZ_RUNS ?? 2_000);
  for (const name of asked.length > 0 ? asked : Object.keys(TARGETS)) {
    console.log(`fuzz ${name}: seed ${seed}, ${numRuns} runs per property`);
    const t0 = Date.now();
    await TARGETS[name]!({ seed, numRuns });
    console.log(`fuzz ${name}: passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
