import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually.ts";
import { startFakeConsole, type FakeConsole } from "../helpers/fake-console.ts";
import { processAlive } from "../helpers/processes.ts";
import { weightedSnapshot } from "../helpers/snapshot-builder.ts";
import { get, startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

interface Spawned {
  child: ChildProcess;
  port: number;
  admin: number;
  pid: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `npx tsx proxy/main.ts` and reads the ports line it prints once listening. */
async function spawnProxy(args: string[], env: Record<string, string> = {}): Promise<Spawned> {
  const child = spawn("npx", ["tsx", "proxy/main.ts", ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`proxy did not start: ${err}`)), 30_000);
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf("\n");
      if (nl !== -1) {
        clearTimeout(timer);
        resolve(out.slice(0, nl));
      }
    });
    child.on("exit", (code) => reject(new Error(`proxy exited ${code}: ${err}`)));
  });
  const info = JSON.parse(line) as { listening: number; admin: number; pid: number };
  return { child, port: info.listening, admin: info.admin, pid: info.pid, stderr: () => err, exited };
}

describe("proxy as a child process (npx tsx proxy/main.ts)", () => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it("exits 2 with a clear message on bad flags", async () => {
    const child = spawn("npx", ["tsx", "proxy/main.ts", "--id", "n1", "--listen", "not-a-port"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(err).toContain("--listen");
    expect(err).toContain("usage:");
  });

  it("serves from the console, keeps serving when it goes down, drains on SIGTERM, restarts from --state-dir", async () => {
    // /slow answers only once released: it is in flight when SIGTERM arrives, and answers while the proxy drains.
    let releaseSlow = () => {};
    const slowReleased = new Promise<void>((r) => (releaseSlow = r));
    const up: TestUpstream = await startUpstream("v1", (req, res) => {
      if (req.url !== "/slow") return false;
      void slowReleased.then(() => res.end(JSON.stringify({ upstream: "v1", slow: true })));
      return true;
    });
    cleanup.push(
      () => up.close(),
      () => releaseSlow(),
    );
    const stateDir = await mkdtemp(path.join(tmpdir(), "signalbox-proxy-"));
    cleanup.push(() => rm(stateDir, { recursive: true, force: true }));
    const consoleSrv: FakeConsole = await startFakeConsole({ token: "tok" });
    consoleSrv.publish(weightedSnapshot(7, "web.test", { "web/v1": 100 }, { "web/v1": up.port }));

    const args = [
      "--console",
      consoleSrv.url,
      "--id",
      "proc-1",
      "--listen",
      "0",
      "--admin-port",
      "0",
      "--state-dir",
      stateDir,
      "--log-level",
      "warn",
    ];
    const p = await spawnProxy(args, { SIGNALBOX_PROXY_TOKEN: "tok" });
    cleanup.push(() => void (processAlive(p.pid) && process.kill(p.pid, "SIGKILL")));
    await eventually(
      "ready",
      async () => (await get(p.admin, "/ready").catch(() => ({ status: 0 }))).status === 200,
      10_000,
      20,
    );
    expect((await get(p.port, "/")).status).toBe(200);
    await consoleSrv.waitFor(() => consoleSrv.acks.some((a) => a.version === 7 && a.node === "proc-1"), 5_000, "ack");

    await consoleSrv.close();
    for (let i = 0; i < 10; i++) expect((await get(p.port, "/")).status).toBe(200);

    // SIGTERM while a request is in flight: it completes, then the process exits 0.
    const seenBefore = up.seen.length;
    const slow = get(p.port, "/slow");
    await eventually("slow request at the upstream", () => up.seen.length > seenBefore, 5_000, 20);
    process.kill(p.pid, "SIGTERM");
    await eventually("the proxy draining", () => p.stderr().includes("SIGTERM, draining"), 5_000, 20);
    releaseSlow();
    const drained = await slow;
    expect(drained.status).toBe(200);
    expect(JSON.parse(drained.body).slow).toBe(true);
    expect(await p.exited).toBe(0);
    expect(p.stderr()).toContain("SIGTERM");

    // Console unreachable at start: the persisted snapshot serves.
    const p2 = await spawnProxy(args, { SIGNALBOX_PROXY_TOKEN: "tok" });
    cleanup.push(() => void (processAlive(p2.pid) && process.kill(p2.pid, "SIGKILL")));
    await eventually(
      "ready from state dir",
      async () => (await get(p2.admin, "/ready").catch(() => ({ status: 0 }))).status === 200,
      15_000,
      20,
    );
    const r = await get(p2.port, "/");
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).upstream).toBe("v1");
    const cfg = JSON.parse((await get(p2.admin, "/config")).body) as { version: number };
    expect(cfg.version).toBe(7);
    process.kill(p2.pid, "SIGTERM");
    expect(await p2.exited).toBe(0);
  });
});
