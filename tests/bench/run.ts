/**
 * `npm run bench`: the quick lib/core benchmark, lib/core at scale (scale-bench.ts), the regex engine comparison (regex-bench.ts), then the proxy
 * benchmark (whose last three lines are the summary lines). Env: BENCH_CORE_ROUNDS (5), BENCH_SCALE_ROUNDS (3), BENCH_SKIP_PROXY=1,
 * REGEX_BENCH_RE2_NATIVE (regex-bench.ts), plus proxy-bench.ts's variables.
 */
import { runCoreBench } from "./core-bench.ts";
import { cleanupAll } from "./procs.ts";
import { runProxyBench } from "./proxy-bench.ts";
import { runRegexBench } from "./regex-bench.ts";
import { runScaleBench } from "./scale-bench.ts";

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_CORE_ROUNDS ?? 5);
  for (const line of runCoreBench({ rounds, matchRequests: 1_000_000, naiveRequests: 20_000 })) console.log(line);
  console.log("");
  for (const line of await runScaleBench(Number(process.env.BENCH_SCALE_ROUNDS ?? 3))) console.log(line);
  console.log("");
  for (const line of runRegexBench({ rounds, minMs: 200 })) console.log(line);
  console.log("");
  if (process.env.BENCH_SKIP_PROXY === "1") return;
  await runProxyBench();
}

main()
  .then(() => cleanupAll())
  .then(() => process.exit(0))
  .catch(async (e: unknown) => {
    console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
    await cleanupAll();
    process.exit(1);
  });
