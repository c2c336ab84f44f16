/**
 * `npm run proxy -- <flags>`: builds the bundle if stale (proxy/build.ts), then runs `node <bundle> <flags>`
 * as a child with inherited stdio. SIGTERM/SIGINT/SIGHUP are forwarded; the exit code (or the signal) of the
 * child is ours. The child prints its own pid on its ready line, so supervisors may also signal it directly.
 * Node flags: proxy/node-flags.ts, plus SIGNALBOX_PROXY_NODE_FLAGS.
 */
import { spawn } from "node:child_process";
import { ensureBundle } from "./build.ts";
import { proxyNodeFlags } from "./node-flags.ts";

const FORWARDED = ["SIGTERM", "SIGINT", "SIGHUP"] as const;

async function main(): Promise<void> {
  const bundle = await ensureBundle();
  const nodeFlags = proxyNodeFlags();
  const child = spawn(process.execPath, [...nodeFlags, bundle, ...process.argv.slice(2)], { stdio: "inherit" });
  for (const sig of FORWARDED) process.on(sig, () => child.kill(sig));
  child.on("exit", (code, signal) => {
    if (signal) {
      for (const sig of FORWARDED) process.removeAllListeners(sig);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`signalbox-proxy: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
