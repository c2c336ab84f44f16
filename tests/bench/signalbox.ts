import { spawnSync } from "node:child_process";
import { PROXY_NODE_FLAGS } from "../../proxy/node-flags.ts";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { contentHash } from "../../lib/core/snapshot/hash.ts";
import { SnapshotConfigSchema, SnapshotSchema } from "../../lib/core/snapshot/schema.ts";
import { BENCH_HOST } from "./nginx-config.ts";
import { startPinned, tempDir, waitReady, type Child } from "./procs.ts";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
const MAIN = path.join(ROOT, "proxy", "main.ts");
const LAUNCHER = path.join(ROOT, "tests", "bench", "proxy-launcher.ts");

/** The TLS run's gateway: one HTTPS listener (port 443, mapped to a free port) with the bench certificate. */
export const BENCH_GATEWAY = "bench-gw";
export const BENCH_SECRET = "bench-cert";

/**
 * One virtual host, one rule: 80/20 over bench/v1 and bench/v2, one endpoint each. With `tls`, the virtual host is
 * bound to a gateway whose one listener (443) terminates TLS with the secret BENCH_SECRET.
 */
export function benchSnapshot(v1Port: number, v2Port: number, tls = false): unknown {
  const cluster = (version: string, port: number) => ({
    name: `bench/${version}`,
    service: "bench",
    version,
    host: BENCH_HOST,
    endpoints: [{ address: "127.0.0.1", port, weight: 1 }],
  });
  // Parse first so zod's defaults are in the hashed content, exactly as the proxy will see it.
  const listener = {
    gateway: BENCH_GATEWAY,
    name: "https",
    port: 443,
    protocol: "HTTPS",
    hosts: [BENCH_HOST],
    tls: { mode: "SIMPLE", credentialNames: [BENCH_SECRET] },
  };
  const config = SnapshotConfigSchema.parse({
    listeners: tls ? [listener] : [],
    virtualHosts: [
      {
        name: "bench",
        domains: [BENCH_HOST],
        gateways: tls ? [BENCH_GATEWAY] : [],
        rules: [
          {
            id: "bench#0",
            route: "bench",
            destinations: [
              { cluster: "bench/v1", weight: 80 },
              { cluster: "bench/v2", weight: 20 },
            ],
          },
        ],
      },
    ],
    clusters: [cluster("v1", v1Port), cluster("v2", v2Port)],
  });
  return SnapshotSchema.parse({ version: 1, hash: contentHash(config), config });
}

export type ProxyMode = "tsx" | "bundle";

/** tests/bench/node-http-proxy.ts, bundled and pinned like the others. */
export async function startNodeHttpProxy(o: {
  cpu: number;
  port: number;
  v1Port: number;
  v2Port: number;
}): Promise<{ child: Child; pid: number }> {
  const script = bundle(
    path.join(ROOT, "tests", "bench", "node-http-proxy.ts"),
    tempDir("node-http"),
    "node-http-proxy.mjs",
  );
  const child = startPinned(o.cpu, process.execPath, [script, String(o.port), String(o.v1Port), String(o.v2Port)], {
    env: { ...process.env, NODE_ENV: "production" },
    cwd: ROOT,
  });
  await waitReady("plain node:http proxy", child, o.port, BENCH_HOST);
  return { child, pid: child.pid };
}

export interface SignalboxInstance {
  child: Child;
  pid: number;
  /** What was run, for the report. */
  command: string;
  entry: "proxy/main.ts" | "tests/bench/proxy-launcher.ts (createProxy)";
  /** The file node runs: the .ts entry, or the bundle (with `${script}.map` next to it). */
  script: string;
}

/** esbuild bundle of the entry point: no loader at run time (measures whether tsx costs anything). */
export function bundle(entry: string, dir: string, name = "proxy.mjs"): string {
  const out = path.join(dir, name);
  const esbuild = path.join(ROOT, "node_modules", ".bin", "esbuild");
  const banner = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";
  const r = spawnSync(
    esbuild,
    [
      entry,
      "--bundle",
      "--platform=node",
      "--format=esm",
      "--target=node20",
      `--banner:js=${banner}`,
      `--outfile=${out}`,
      "--sourcemap",
      "--log-level=error",
    ],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`esbuild bundle failed: ${r.stderr}`);
  return out;
}

export interface SignalboxOptions {
  cpu: number;
  port: number;
  v1Port: number;
  v2Port: number;
  mode: ProxyMode;
  /** Directory for --cpu-prof output; undefined: no profiling. */
  cpuProfDir?: string;
  /** More node flags after the shipped ones (default BENCH_PROXY_NODE_FLAGS). */
  nodeFlags?: string;
  /** More proxy flags (default BENCH_PROXY_ARGS), e.g. `--http2 off`. */
  proxyArgs?: string;
  /** The TLS run: serve the bench gateway's HTTPS listener on `port`, the certificate read from this directory. */
  tlsSecretsDir?: string;
  /** The TLS run: the CA the readiness probe verifies the certificate with. */
  caPem?: string;
}

export async function startSignalbox(o: SignalboxOptions): Promise<SignalboxInstance> {
  const dir = tempDir("signalbox");
  const configFile = path.join(dir, "snapshot.json");
  writeFileSync(configFile, JSON.stringify(benchSnapshot(o.v1Port, o.v2Port, o.tlsSecretsDir !== undefined)));
  const listen = o.tlsSecretsDir
    ? ["--port-map", `443=${o.port}`, "--secrets-dir", o.tlsSecretsDir]
    : ["--listen", String(o.port)];
  const hasMain = existsSync(MAIN);
  const entry = hasMain ? MAIN : LAUNCHER;
  const script = o.mode === "bundle" ? bundle(entry, dir) : entry;
  // The flags the proxy ships with (proxy/node-flags.ts), then BENCH_PROXY_NODE_FLAGS to try others
  // (a later V8 flag wins); BENCH_PROXY_SHIPPED_FLAGS=0 leaves the shipped ones out.
  const shipped = process.env.BENCH_PROXY_SHIPPED_FLAGS === "0" ? [] : PROXY_NODE_FLAGS;
  const words = (v: string | undefined) => (v ?? "").split(/\s+/).filter(Boolean);
  const extra = [...shipped, ...words(o.nodeFlags ?? process.env.BENCH_PROXY_NODE_FLAGS)];
  const nodeArgs = [...extra, ...(o.mode === "tsx" ? ["--import", "tsx"] : [])];
  if (o.cpuProfDir) nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${o.cpuProfDir}`);
  const args = [
    ...nodeArgs,
    script,
    ...listen,
    "--config",
    configFile,
    "--id",
    "bench",
    "--drain-ms",
    "1000",
    // One process on the one core the bench gives the proxy (nginx runs one worker there): `--workers auto` would
    // fork a worker per core of the machine, and the CPU charged is the one process's.
    "--workers",
    "1",
    ...words(o.proxyArgs ?? process.env.BENCH_PROXY_ARGS),
  ];
  // cwd = repo root so `--import tsx` resolves from the project's node_modules.
  const child = startPinned(o.cpu, process.execPath, args, {
    env: { ...process.env, NODE_ENV: "production" },
    cwd: ROOT,
  });
  await waitReady("signalbox proxy", child, o.port, BENCH_HOST, 20_000, o.caPem);
  return {
    child,
    pid: child.pid,
    command: `taskset -c ${o.cpu} node ${args.map((a) => (path.isAbsolute(a) && a.startsWith(ROOT) ? path.relative(ROOT, a) : a)).join(" ")}`,
    entry: hasMain ? "proxy/main.ts" : "tests/bench/proxy-launcher.ts (createProxy)",
    script,
  };
}
