/**
 * `npm start`: everything a newcomer needs on one machine. Builds the console when its sources changed,
 * starts it (it migrates and seeds its embedded database itself), the demo upstreams, their sidecars (mesh mode,
 * each joined with its own identity), one gateway proxy and a gentle traffic generator, and stops all of them on
 * Ctrl-C.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { startDemoUpstreams } from "./demo/upstreams.ts";
import { startDemoTraffic } from "./demo/traffic.ts";
import { deregisterDemoInstance, registerDemoInstance } from "./demo/register.ts";
import { adminSession, demoCalls, sidecarArgs, sidecarNodeId, type ConsoleSession } from "./demo/sidecars.ts";
import { bookinfoSidecars, type BookinfoSidecar } from "../lib/core/demo/bookinfo.ts";
import { ensureBundle } from "../proxy/build.ts";
import { proxyNodeFlags } from "../proxy/node-flags.ts";

const root = path.resolve(import.meta.dirname, "..");

const Options = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SIGNALBOX_PROXY_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  SIGNALBOX_DEMO_BASE_PORT: z.coerce.number().int().min(1).max(65000).default(19100),
  SIGNALBOX_PROXY_TOKEN: z.string().min(8).default("signalbox-dev-proxy-token"),
  SIGNALBOX_SKIP_BUILD: z.enum(["0", "1"]).default("0"),
  SIGNALBOX_DEMO_RPS: z.coerce.number().min(0).max(500).default(20),
  /** The console's Consul-compatible registry API; the demo upstreams register there. */
  SIGNALBOX_CONSUL_PORT: z.coerce.number().int().min(1).max(65535).default(8500),
});

const parsed = Options.safeParse(process.env);
if (!parsed.success) {
  for (const i of parsed.error.issues) console.error(`signalbox: ${i.path.join(".")}: ${i.message}`);
  process.exit(2);
}
const opts = parsed.data;
// The proxy keeps its last good snapshot beside the embedded database, so two demo stacks with their
// own SIGNALBOX_DATA_DIR never share it.
const dataRoot = process.env.SIGNALBOX_DATA_DIR
  ? path.dirname(path.resolve(process.env.SIGNALBOX_DATA_DIR))
  : path.join(root, ".data");
const proxyStateDir = path.join(dataRoot, "proxy-edge-1");
const children: ChildProcess[] = [];
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild(): boolean {
  const buildId = path.join(root, process.env.SIGNALBOX_NEXT_DIST ?? ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return ["app", "components", "lib"].some((d) => newestMtime(path.join(root, d)) > built);
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  children.push(child);
  return child;
}

async function waitForHealth(url: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return ((await res.json()) as { version: number }).version;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`console did not become healthy at ${url} within ${timeoutMs} ms (${last})`);
}

/** The demo users when the console seeded them; with an external database or SIGNALBOX_SEED=none, where to start. */
async function usersBanner(consoleUrl: string): Promise<string> {
  const setup = (await (await fetch(`${consoleUrl}/api/setup`)).json()) as { required: boolean };
  if (setup.required)
    return `  No user yet: open ${consoleUrl}/setup with the one-time setup token printed above by the console.`;
  if (process.env.DATABASE_URL && process.env.SIGNALBOX_SEED !== "demo") return "  Sign in with your users.";
  return `  Demo users (user / password — role):
    alice / alice-editor-pw — editor      bob / bob-approver-pw — approver
    carol / carol-admin-pw  — admin       victor / victor-viewer-pw — viewer`;
}

/**
 * The demo admin's session for the mesh demo, or null (the reason printed) when the console has no demo admin or its
 * mesh predates sidecars: the demo then runs without them.
 */
async function meshDemoSession(consoleUrl: string): Promise<ConsoleSession | null> {
  const session = await adminSession(consoleUrl);
  if (!session) {
    console.warn("signalbox: no demo admin to create join tokens with: the demo runs without sidecars");
    return null;
  }
  if (!(await session.meshHasSidecars(opts.SIGNALBOX_DEMO_BASE_PORT))) {
    console.warn(
      "signalbox: this data dir's mesh predates the sidecar demo (delete .data for it): the demo runs without sidecars",
    );
    return null;
  }
  return session;
}

/** The mesh demo's sidecars, each joining with its own one-time token (created here as the demo admin). */
async function startSidecars(session: ConsoleSession, consoleUrl: string, bundle: string): Promise<BookinfoSidecar[]> {
  const sidecars = bookinfoSidecars(opts.SIGNALBOX_DEMO_BASE_PORT);
  for (const s of sidecars) {
    const joinToken = await session.joinToken(sidecarNodeId(s), { service: s.service });
    const proc = run(process.execPath, [...proxyNodeFlags(), bundle, ...sidecarArgs(s, consoleUrl)], {
      SIGNALBOX_JOIN_TOKEN: joinToken,
    });
    proc.on("exit", (code) => shutdown(`sidecar ${sidecarNodeId(s)} exited (${code})`, code ?? 1));
  }
  return sidecars;
}

async function main(): Promise<void> {
  if (opts.SIGNALBOX_SKIP_BUILD === "0" && needsBuild()) {
    console.log("signalbox: building the console (next build)…");
    const code = await new Promise<number | null>((resolve) => run(bin("next"), ["build"]).on("exit", resolve));
    if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
  }
  const consoleUrl = `http://127.0.0.1:${opts.PORT}`;
  const consoleProc = run(bin("next"), ["start", "-p", String(opts.PORT), "-H", "127.0.0.1"], {
    SIGNALBOX_DEMO_BASE_PORT: String(opts.SIGNALBOX_DEMO_BASE_PORT),
    SIGNALBOX_DEMO_SIDECARS: "1",
    SIGNALBOX_BIND_HOST: "127.0.0.1",
    SIGNALBOX_PROXY_TOKEN: opts.SIGNALBOX_PROXY_TOKEN,
    SIGNALBOX_CONSUL_PORT: String(opts.SIGNALBOX_CONSUL_PORT),
  });
  consoleProc.on("exit", (code) => shutdown(`console exited (${code})`, code ?? 1));
  const version = await waitForHealth(`${consoleUrl}/api/health`, 120_000);
  // The proxies run from their esbuild bundle (built here when its sources changed), not under tsx.
  const proxyBundle = await ensureBundle();
  const session = await meshDemoSession(consoleUrl);
  // edge-1 joins too (a gateway-bound token), so it has a workload certificate to call STRICT sidecars with mTLS.
  const edgeJoin = session ? await session.joinToken("edge-1", { gateway: "edge" }) : undefined;
  const proxyProc = run(
    process.execPath,
    [
      ...proxyNodeFlags(),
      proxyBundle,
      "--console",
      consoleUrl,
      "--id",
      "edge-1",
      "--gateway",
      "edge",
      "--listen",
      String(opts.SIGNALBOX_PROXY_PORT),
      "--state-dir",
      proxyStateDir,
    ],
    edgeJoin ? { SIGNALBOX_JOIN_TOKEN: edgeJoin } : { SIGNALBOX_PROXY_TOKEN: opts.SIGNALBOX_PROXY_TOKEN },
  );
  proxyProc.on("exit", (code) => shutdown(`proxy exited (${code})`, code ?? 1));
  const sidecars = session ? await startSidecars(session, consoleUrl, proxyBundle) : [];
  const meshed = (u: { service: string; version: string }) =>
    sidecars.some((s) => s.service === u.service && s.version === u.version);
  // The apps on the call path call onward through their sidecars' outbound ports (Bookinfo's productpage → reviews
  // → ratings); without sidecars they answer alone.
  const upstreams = await startDemoUpstreams(opts.SIGNALBOX_DEMO_BASE_PORT, "127.0.0.1", 1, {
    calls: session ? demoCalls(opts.SIGNALBOX_DEMO_BASE_PORT) : {},
  });
  // The demo upstreams register themselves like Consul clients, and a second instance of each version joins
  // them through the registry only (the config names just the first). A meshed version is registered at its
  // sidecar's inbound port; its second instance would have no sidecar, so only the others get one.
  const consulUrl = `http://127.0.0.1:${opts.SIGNALBOX_CONSUL_PORT}`;
  const extra = await startDemoUpstreams(opts.SIGNALBOX_DEMO_BASE_PORT, "127.0.0.1", 2, { only: (u) => !meshed(u) });
  const inboundOf = (u: { service: string; version: string }) =>
    sidecars.find((s) => s.service === u.service && s.version === u.version)?.inboundPort;
  const instances = [
    ...upstreams.map((u) => ({ id: `${u.service}-${u.version}-1`, ...u, sidecarPort: inboundOf(u) })),
    ...extra.map((u) => ({ id: `${u.service}-${u.version}-2`, ...u })),
  ];
  const registered = await Promise.all(
    instances.map((i) =>
      registerDemoInstance(consulUrl, i).then(
        () => true,
        (e: unknown) => (console.warn(`signalbox: ${e instanceof Error ? e.message : String(e)}`), false),
      ),
    ),
  );
  const traffic =
    opts.SIGNALBOX_DEMO_RPS > 0 ? startDemoTraffic(opts.SIGNALBOX_PROXY_PORT, opts.SIGNALBOX_DEMO_RPS) : null;
  cleanups.push(
    () => traffic?.stop(),
    ...instances.map((i) => () => void deregisterDemoInstance(consulUrl, i.id)),
    ...[...upstreams, ...extra].map((u) => () => void u.close()),
  );
  const sidecarLine =
    sidecars.length > 0
      ? `    Sidecars  ${sidecars.map((s) => `${s.service}/${s.version} in:${s.inboundPort} out:${s.outboundPort}`).join("  ")}
              each joined with its own identity (Security page); STRICT mTLS: productpage → reviews → ratings (Topology)
`
      : "";
  console.log(`
  Signalbox is running (config version ${version}).
    Console   ${consoleUrl}
    Proxy     http://127.0.0.1:${opts.SIGNALBOX_PROXY_PORT}   e.g. curl -H 'Host: productpage.demo' http://127.0.0.1:${opts.SIGNALBOX_PROXY_PORT}/
    Upstreams ${upstreams.map((u) => `${u.service}/${u.version}:${u.port}`).join("  ")}
${sidecarLine}    Registry  ${registered.filter(Boolean).length} instances registered through the Consul API at ${consulUrl}/v1/ (Registry page)
              stop one: curl -X POST http://127.0.0.1:${extra.find((u) => u.service === "reviews")?.port}/_demo/stop
${await usersBanner(consoleUrl)}
  Ctrl-C stops everything.
`);
}

const cleanups: (() => void)[] = [];
let stopping = false;
function shutdown(reason: string, code: number): void {
  if (stopping) return;
  stopping = true;
  console.log(`signalbox: stopping (${reason})`);
  for (const c of cleanups) c();
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  const force = setTimeout(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    process.exit(code);
  }, 8_000);
  force.unref();
  void Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null))).then(() =>
    process.exit(code),
  );
}

process.on("SIGINT", () => shutdown("Ctrl-C", 0));
process.on("SIGTERM", () => shutdown("SIGTERM", 0));
main().catch((error: unknown) => {
  console.error(`signalbox: ${error instanceof Error ? error.message : String(error)}`);
  shutdown("start-up failed", 1);
});
