import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import os from "node:os";
import path from "node:path";

/** Every child and temp dir the bench creates, so any exit path (error, Ctrl-C) can remove them. */
const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

export interface Child {
  proc: ChildProcess;
  pid: number;
  output(): string;
}

/**
 * Niceness of every bench process (BENCH_NICE, default -10; 0 disables): the machine is shared, and a
 * neighbour's build landing on the proxy's core for a few seconds would otherwise swamp the numbers.
 * Only effective as root; otherwise nice fails and we run at normal priority.
 */
const NICE = Number(process.env.BENCH_NICE ?? (process.getuid?.() === 0 ? -10 : 0));
export const benchNice = (): number => NICE;

/**
 * SCHED_FIFO for the constant-rate latency runs (BENCH_RT, default on as root): they use little CPU, but on a
 * shared machine a nice-0 neighbour still delays every wake-up by a scheduler slice (ms), which is exactly
 * the tail we measure. RT throttling (95 % per period) keeps the rest of the machine alive regardless.
 */
const RT = process.env.BENCH_RT !== undefined ? process.env.BENCH_RT === "1" : process.getuid?.() === 0;
export const benchRealtime = (): boolean => RT;

/** Switches every thread of `pid` to SCHED_FIFO 10 or back to SCHED_OTHER; no-op when BENCH_RT is off. */
export function setRealtime(pid: number, on: boolean): void {
  if (!RT) return;
  const r = spawnSync("chrt", ["-a", ...(on ? ["-f", "-p", "10"] : ["-o", "-p", "0"]), String(pid)], {
    encoding: "utf8",
  });
  if (r.status !== 0)
    throw new Error(`chrt failed for pid ${pid}: ${r.stderr} (set BENCH_RT=0 to run without real-time priority)`);
}

/** Spawns `cmd` pinned to `cpu` with taskset (stdout/stderr kept, last 20 kB, for error messages). */
export function startPinned(
  cpu: number,
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; realtime?: boolean } = {},
): Child {
  // taskset, nice and chrt all exec, so the pid is the command's own.
  const prio = opts.realtime && RT ? ["chrt", "-f", "10"] : NICE !== 0 ? ["nice", "-n", String(NICE)] : [];
  const argv = ["-c", String(cpu), ...prio, cmd, ...args];
  const proc = spawn("taskset", argv, {
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (b: Buffer) => (out = (out + b.toString()).slice(-20_000));
  proc.stdout!.on("data", keep);
  proc.stderr!.on("data", keep);
  children.add(proc);
  proc.once("exit", () => children.delete(proc));
  if (proc.pid === undefined) throw new Error(`could not start ${cmd}`);
  return { proc, pid: proc.pid, output: () => out };
}

export function tempDir(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `signalbox-bench-${label}-`));
  tempDirs.add(dir);
  return dir;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child has exited. */
export function stopChild(proc: ChildProcess, graceMs = 3_000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => proc.kill("SIGKILL"), graceMs);
    proc.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    proc.kill("SIGTERM");
  });
}

export async function cleanupAll(): Promise<void> {
  await Promise.all([...children].map((c) => stopChild(c)));
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}

/** Synchronous last resort for process 'exit': nothing async runs there. */
function cleanupSync(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
}

let installed = false;
export function installCleanupHandlers(): void {
  if (installed) return;
  installed = true;
  process.once("exit", cleanupSync);
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      console.error(`\n${sig}: stopping bench processes`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
}

/** Fails with an install hint when a required binary is missing. */
function findBinary(bin: string): string | null {
  const r = spawnSync("sh", ["-c", `command -v ${bin}`], { encoding: "utf8" });
  const found = r.stdout.trim();
  if (r.status === 0 && found !== "") return found;
  // nginx lives in /usr/sbin, which a non-root PATH often lacks.
  for (const dir of ["/usr/sbin", "/usr/bin"]) if (existsSync(path.join(dir, bin))) return path.join(dir, bin);
  return null;
}

/**
 * The path of `bin`. When it is missing and `aptPackage` is given, installs that Debian package first
 * (as root only: the benchmark's tools come from apt, like Chromium for the e2e tests).
 */
export function requireBinary(bin: string, hint: string, aptPackage?: string): string {
  const found = findBinary(bin);
  if (found) return found;
  if (aptPackage && process.getuid?.() === 0) {
    process.stderr.write(`bench: ${bin} not found, installing the Debian package ${aptPackage}\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    let r = spawnSync("apt-get", ["install", "-y", "-qq", aptPackage], { stdio: ["ignore", "ignore", "inherit"], env });
    if (r.status !== 0) {
      spawnSync("apt-get", ["update", "-qq"], { stdio: ["ignore", "ignore", "inherit"], env });
      r = spawnSync("apt-get", ["install", "-y", "-qq", aptPackage], { stdio: ["ignore", "ignore", "inherit"], env });
    }
    const installed = findBinary(bin);
    if (installed) return installed;
  }
  throw new Error(`${bin} not found. ${hint}`);
}

/** One GET; resolves with status and selected header, rejects on connection errors. */
export function httpGet(
  port: number,
  host: string,
  pathname = "/",
  /** HTTPS, verified against this CA (PEM). */
  caPem?: string,
): Promise<{ status: number; upstream: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const options = { host: "127.0.0.1", port, path: pathname, headers: { host }, agent: false as const };
    const get = (cb: (res: http.IncomingMessage) => void) =>
      caPem ? https.get({ ...options, ca: caPem, servername: host }, cb) : http.get(options, cb);
    const req = get((res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, upstream: res.headers["x-upstream"] as string | undefined, body }),
      );
    });
    req.setTimeout(2_000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

/** Polls until `port` answers 200 for `host`; throws with the child's output after `timeoutMs`. */
export async function waitReady(
  name: string,
  child: Child,
  port: number,
  host: string,
  timeoutMs = 20_000,
  caPem?: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (child.proc.exitCode !== null) throw new Error(`${name} exited with ${child.proc.exitCode}:\n${child.output()}`);
    try {
      const r = await httpGet(port, host, "/", caPem);
      if (r.status === 200) return;
      last = `status ${r.status}: ${r.body.trim()}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} not ready on port ${port} after ${timeoutMs} ms (${last}):\n${child.output()}`);
}
