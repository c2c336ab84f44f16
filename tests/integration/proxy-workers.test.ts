import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually.ts";
import { startFakeConsole, type FakeConsole } from "../helpers/fake-console.ts";
import { processAlive } from "../helpers/processes.ts";
import { cluster, config, rule, snapshot, vhost, weightedSnapshot } from "../helpers/snapshot-builder.ts";
import { get, startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

interface WorkerStats {
  worker: number;
  pid: number;
  version: number;
  routes: { route: string; cluster: string; requests: number }[];
}

/** `--workers 2`: one listening socket, one console connection, snapshots pushed to both workers. */
describe("proxy --workers 2 (node:cluster)", () => {
  let v1: TestUpstream;
  let v2: TestUpstream;
  let consoleSrv: FakeConsole;
  let child: ChildProcess;
  let exited: Promise<number | null>;
  let info: { listening: number; admin: number; pid: number; workers: number[] };
  let stderr = "";
  const ports = () => ({ "web/v1": v1.port, "web/v2": v2.port });
  const workerStats = async () =>
    (JSON.parse((await get(info.admin, "/stats")).body) as { workers: WorkerStats[] }).workers;
  const served = (s: WorkerStats, cluster: string) =>
    s.routes.filter((r) => r.cluster === cluster).reduce((a, r) => a + r.requests, 0);

  beforeAll(async () => {
    v1 = await startUpstream("v1");
    v2 = await startUpstream("v2");
    consoleSrv = await startFakeConsole({ holdMs: 300 });
    consoleSrv.publish(weightedSnapshot(1, "web.test", { "web/v1": 100, "web/v2": 0 }, ports()));
    const args = [
      "--import",
      "tsx",
      "proxy/main.ts",
      "--workers",
      "2",
      "--console",
      consoleSrv.url,
      "--id",
      "multi",
      "--gateway",
      "edge",
      "--listen",
      "0",
      "--admin-port",
      "0",
      "--log-level",
      "warn",
    ];
    child = spawn(process.execPath, args, { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`proxy did not start: ${stderr}`)), 30_000);
      child.stdout!.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.includes("\n")) {
          clearTimeout(timer);
          resolve(out.slice(0, out.indexOf("\n")));
        }
      });
    });
    info = JSON.parse(line) as typeof info;
  }, 40_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await consoleSrv?.close();
    await v1?.close();
    await v2?.close();
  });

  it("serves from both workers, pushes a new snapshot to both, ACKs once per version, reports as one node", async () => {
    expect(info.workers).toHaveLength(2);
    await eventually(
      "version 1 in both workers",
      async () => (await workerStats()).every((w) => w.version === 1),
      10_000,
      25,
    );
    // A new connection per request: node:cluster hands connections to the workers in turn.
    for (let i = 0; i < 20; i++) expect((await get(info.listening, "/", { connection: "close" })).status).toBe(200);
    const before = await workerStats();
    expect(before.map((w) => w.pid).sort()).toEqual([...info.workers].sort());
    for (const w of before) expect(served(w, "web/v1")).toBeGreaterThan(0);

    consoleSrv.publish(weightedSnapshot(2, "web.test", { "web/v1": 0, "web/v2": 100 }, ports()));
    await eventually(
      "version 2 in both workers",
      async () => (await workerStats()).every((w) => w.version === 2),
      10_000,
      25,
    );
    for (let i = 0; i < 20; i++)
      expect(JSON.parse((await get(info.listening, "/", { connection: "close" })).body).upstream).toBe("v2");
    for (const w of await workerStats()) expect(served(w, "web/v2")).toBeGreaterThan(0);

    expect(consoleSrv.acks.filter((a) => a.version === 2)).toHaveLength(1);
    expect(new Set(consoleSrv.polls.map((p) => p.node))).toEqual(new Set(["multi"]));
    // Metrics: the workers' deltas summed by the primary, one node id.
    await consoleSrv.waitFor(
      () =>
        consoleSrv.metrics
          .flatMap((b) => b.series)
          .filter((s) => s.cluster === "web/v2")
          .reduce((a, s) => a + s.requests, 0) >= 20,
      5_000,
      "v2 requests reported",
    );
    expect(new Set(consoleSrv.metrics.map((b) => b.node))).toEqual(new Set(["multi"]));
  });

  it("gives the workers --gateway: both serve the virtual hosts bound to it", async () => {
    const edge = vhost("edge", ["edge.test"], [rule("edge#0", { "web/v1": 100 })], ["edge"]);
    const mesh = vhost("web", ["web.test"], [rule("web#0", { "web/v2": 100 })]);
    const clusters = [cluster("web/v1", [{ port: v1.port }]), cluster("web/v2", [{ port: v2.port }])];
    consoleSrv.publish(snapshot(3, config([edge, mesh], clusters)));
    await eventually(
      "version 3 in both workers",
      async () => (await workerStats()).every((w) => w.version === 3),
      10_000,
      25,
    );
    expect(new Set(consoleSrv.polls.map((p) => p.gateway))).toEqual(new Set(["edge"]));
    for (let i = 0; i < 10; i++) {
      const r = await get(info.listening, "/", { connection: "close", host: "edge.test" });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).upstream).toBe("v1");
    }
  });

  it("drains and exits 0 on SIGTERM, workers included", async () => {
    process.kill(info.pid, "SIGTERM");
    expect(await exited).toBe(0);
    await eventually("workers gone", () => info.workers.every((p) => !processAlive(p)), 5_000, 25);
  });
});
