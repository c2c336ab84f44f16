import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { eventually } from "./eventually.ts";

const root = path.resolve(import.meta.dirname, "..", "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

function startProcess(cmd: string, args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  return {
    child,
    output: () => out,
    stop: (signal = "SIGTERM") =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", (code) => {
          clearTimeout(force);
          resolve(code);
        });
        child.kill(signal);
      }),
  };
}

export interface ConsoleOptions {
  port: number;
  /** A PostgreSQL URL; without it the console uses an embedded PGlite in `dataDir`. */
  databaseUrl?: string | null;
  dataDir?: string;
  env?: Record<string, string>;
  /** Flags for the console's node process (e.g. --cpu-prof, which NODE_OPTIONS does not take). */
  nodeArgs?: string[];
}

/** Starts the built console (`next start`); `npm test` builds it before the integration tests. */
export async function startConsole(opts: ConsoleOptions): Promise<RunningProcess & { url: string }> {
  // Every JSON response is checked against its documented schema while tests run.
  const env: Record<string, string> = {
    PORT: String(opts.port),
    SIGNALBOX_PROXY_TOKEN: PROXY_TOKEN,
    SIGNALBOX_CHECK_RESPONSES: "1",
    SIGNALBOX_BIND_HOST: "127.0.0.1",
    // No Consul-compatible listener unless a test asks for one: consoles started side by side would share 8500.
    SIGNALBOX_CONSUL_PORT: "0",
    // The demo seed is automatic only for the embedded database; tests on a server database ask for it.
    ...(opts.databaseUrl ? { SIGNALBOX_SEED: "demo" } : {}),
    ...opts.env,
  };
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  if (opts.dataDir) env.SIGNALBOX_DATA_DIR = opts.dataDir;
  const args = ["start", "-p", String(opts.port), "-H", "127.0.0.1"];
  const proc = opts.nodeArgs?.length
    ? startProcess(
        process.execPath,
        [...opts.nodeArgs, path.join(root, "node_modules", "next", "dist", "bin", "next"), ...args],
        env,
      )
    : startProcess(bin("next"), args, env);
  const url = `http://127.0.0.1:${opts.port}`;
  try {
    await eventually(
      `console health at ${url}`,
      async () => {
        if (proc.child.exitCode !== null) throw new Error(`console exited: ${proc.output()}`);
        return (await fetch(`${url}/api/health`)).ok;
      },
      90_000,
      250,
    );
  } catch (e) {
    await proc.stop("SIGKILL");
    throw new Error(`${String(e)}\n--- console output ---\n${proc.output()}`);
  }
  return { ...proc, url };
}

/** Whether a process with this pid still exists (signal 0 checks without signalling). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const PROXY_TOKEN = "test-proxy-token-123";

/**
 * Environment for consoles under a benchmark: as in production, without the per-response schema check the tests
 * turn on (a test-time assertion that costs ~50 ms on a 500-service change's answer).
 */
export const AS_IN_PRODUCTION = { NODE_ENV: "production", SIGNALBOX_CHECK_RESPONSES: "0" } as const;

/** A sealing key for consoles reachable from other machines, which refuse to start without one (SIGNALBOX_SECRET_KEY). */
export const TEST_SECRET_KEY = "signalbox-test-sealing-key-0123456789abcdef";

export async function startProxyProcess(opts: {
  consoleUrl: string;
  port: number;
  id: string;
  gateway?: string;
  adminPort?: number;
  extra?: string[];
}) {
  // One process (not the `--workers auto` default): tests read its /stats and signal its one pid; workers mode has
  // its own tests (tests/integration/proxy-workers*.test.ts).
  const args = ["proxy/main.ts", "--workers", "1", "--console", opts.consoleUrl, "--id", opts.id];
  args.push("--listen", String(opts.port));
  if (opts.gateway) args.push("--gateway", opts.gateway);
  if (opts.adminPort) args.push("--admin-port", String(opts.adminPort));
  const proc = startProcess(bin("tsx"), [...args, ...(opts.extra ?? [])], { SIGNALBOX_PROXY_TOKEN: PROXY_TOKEN });
  return proc;
}
