import cluster from "node:cluster";
import { createProxy } from "./create-proxy.ts";
import { parseFlags, USAGE } from "./flags.ts";
import { optionsFromFlags, workerOptions, type ProxyOptions } from "./options.ts";
import { WORKER_INDEX_ENV } from "./workers/protocol.ts";
import { Primary } from "./workers/primary.ts";
import { runWorker } from "./workers/worker.ts";

/**
 * CLI entry: flags → a node:cluster primary and N workers (`--workers auto`, the default: one per core), or
 * createProxy in this one process with `--workers 1` (and on a one-core machine) → signals.
 */
async function main(): Promise<void> {
  const parsed = parseFlags(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    process.stderr.write(`signalbox-proxy: ${parsed.error}\n${USAGE}\n`);
    process.exit(2);
  }
  const f = parsed.flags;
  const options = optionsFromFlags(f);
  if (cluster.isWorker) return runWorker(workerOptions(options, Number(process.env[WORKER_INDEX_ENV] ?? 0)));
  if (f.workers > 1) return runPrimary(options, f.workers);
  const proxy = createProxy(options);
  await proxy.start();
  // One line on stdout with the bound ports and our pid: callers that used port 0 read the ports, and
  // wrappers such as npx do not forward SIGTERM, so supervisors and tests signal this pid directly.
  process.stdout.write(
    `${JSON.stringify({
      listening: proxy.port,
      admin: proxy.adminPort ?? null,
      pid: process.pid,
      ports: proxy.ports(),
      ...(proxy.inboundPort === undefined ? {} : { inbound: proxy.inboundPort }),
    })}\n`,
  );
  onSignals(() => proxy.stop());
}

async function runPrimary(options: ProxyOptions, workers: number): Promise<void> {
  const primary = new Primary(options, workers);
  const started = await primary.start();
  process.stdout.write(
    `${JSON.stringify({ listening: started.port, admin: started.admin, pid: process.pid, ports: started.ports, workers: started.workers })}\n`,
  );
  onSignals(() => primary.stop());
}

/** SIGTERM/SIGINT: drain once, exit 0 (1 when stopping failed). */
function onSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`signalbox-proxy: ${signal}, draining\n`);
    stop().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`signalbox-proxy: stop failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((e: unknown) => {
  process.stderr.write(`signalbox-proxy: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
