/**
 * `npm run proxy -- <flags>`: builds the bundle if stale (proxy/build.ts), then runs `node <bundle> <flags>`
 * as a child with inherited stdio. SIGTERM/SIGINT/SIGHUP are forwarded; the exit code (or the signal) of the
 * child is ours. The child prints its own pid on its ready line, so supervisors may also signal it directly.
 * Node flags for the proxy go in SIGNALBOX_PROXY_NODE_FLAGS (e.g. "--max-semi-space-size=8").
 */
import { spawn } from "node:child_process";
import { ensureBundle } from "./build.ts";

const FORWARDED = ["SIGTERM", "SIGINT", "SIGHUP"] as const;

async function main(): Promise<void> {
  const bundle = await ensureBundle();
  const nodeFlags = (process.env.SIGNALBOX_PROXY_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean);
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
