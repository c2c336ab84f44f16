import path from "node:path";
import type { LoadOptions, LoadResult } from "./load.ts";
import { startPinned, stopChild } from "./procs.ts";

const LOAD_SCRIPT = path.join(import.meta.dirname, "load.ts");
const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** Runs tests/bench/load.ts as its own process pinned to `cpu` (away from the proxy under test). */
export async function runLoadProcess(o: Omit<LoadOptions, "drainMs"> & { cpu: number }): Promise<LoadResult> {
  const args = ["--import", "tsx", LOAD_SCRIPT, "--port", String(o.port), "--host", o.host, "--rate", String(o.rate)];
  args.push(
    "--duration-ms",
    String(o.durationMs),
    "--warmup-ms",
    String(o.warmupMs),
    "--connections",
    String(o.connections),
    "--drain-ms",
    "5000",
  );
  if (o.caFile) args.push("--ca", o.caFile);
  const child = startPinned(o.cpu, process.execPath, args, { cwd: ROOT, realtime: true });
  // Generous: start-up under tsx on a loaded machine alone can take seconds; the generator bounds itself anyway.
  const limitMs = o.durationMs + o.warmupMs + 5_000 + 60_000;
  const guard = setTimeout(() => void stopChild(child.proc, 1_000), limitMs);
  const code = await new Promise<number | string | null>((resolve) =>
    child.proc.once("close", (c, signal) => resolve(c ?? signal)),
  );
  clearTimeout(guard);
  const line = child.output().trim().split("\n").pop() ?? "";
  if (code !== 0 || !line.startsWith("{")) throw new Error(`load generator failed (exit ${code}):\n${child.output()}`);
  return JSON.parse(line) as LoadResult;
}
