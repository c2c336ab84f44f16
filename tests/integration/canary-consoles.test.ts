/**
 * A canary survives its console: the built console on PostgreSQL is killed (SIGKILL, as a crash) while a canary runs,
 * and a new console on the same database goes on from the canary's step to its promotion; with two consoles on one
 * database exactly one drives the canary (the lease row), and when that one dies the other takes over. The gates are
 * left open (no minimum traffic): what is under test is who takes each step and that every step is taken once.
 * Needs a PostgreSQL server (TEST_DATABASE_URL): PGlite is one process's database.
 */
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiSession } from "../helpers/api-session.ts";
import { eventually } from "../helpers/eventually.ts";
import { freePort, testPort } from "../helpers/ports.ts";
import { startConsole, type RunningProcess } from "../helpers/processes.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";

const server = process.env.TEST_DATABASE_URL !== undefined;
let db: { url: string; drop(): Promise<void> } | null = null;
let running: (RunningProcess & { url: string })[] = [];

const openGates = { minSuccessRate: 0, maxP99Ms: 600_000, minRequests: 0 };

async function start(name: string) {
  const proc = await startConsole({
    port: await freePort(),
    databaseUrl: db!.url,
    env: {
      SIGNALBOX_DEMO_BASE_PORT: String(testPort(19760)),
      SIGNALBOX_ROLLOUT_TICK_MS: "200",
      SIGNALBOX_INSTANCE_NAME: name,
    },
  });
  running.push(proc);
  return proc;
}

/** Who holds the canary's lease, read from the table the consoles share. */
async function leaseOwner(id: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: db!.url });
  await client.connect();
  try {
    const res = await client.query<{ lease_owner: string | null }>("SELECT lease_owner FROM canaries WHERE id = $1", [
      id,
    ]);
    return res.rows[0]?.lease_owner ?? null;
  } finally {
    await client.end();
  }
}

interface Step {
  kind: string;
  at: string;
  weight: number | null;
  version: number | null;
}

async function startCanary(url: string, steps: number[], intervalSeconds: number): Promise<string> {
  const alice = await ApiSession.login(url, "alice", "alice-editor-pw");
  const bob = await ApiSession.login(url, "bob", "bob-approver-pw");
  const spec = { route: "reviews", stable: "v1", canary: "v2", steps, intervalSeconds, gates: openGates };
  const created = await alice.call("POST", "/api/canaries", spec);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const approved = await bob.call("POST", `/api/canaries/${created.body.id}/approve`, {});
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return created.body.id as string;
}

async function promoted(url: string, id: string): Promise<Step[]> {
  const bob = await ApiSession.login(url, "bob", "bob-approver-pw");
  const done = await eventually(
    "canary promoted",
    async () => {
      const c = (await bob.call("GET", `/api/canaries/${id}`)).body;
      if (c.state === "ROLLED_BACK" || c.state === "ABORTED") throw new Error(`${c.state}: ${c.reason}`);
      return c.state === "PROMOTED" ? c : null;
    },
    90_000,
    250,
  );
  const steps = (done.events as Step[]).filter((e) => e.kind === "step");
  // Every published step is its own version: no step was taken twice by two consoles.
  expect(new Set(steps.map((s) => s.version)).size).toBe(steps.length);
  return steps;
}

beforeAll(async () => {
  if (server) db = await createTestDatabaseUrl();
}, 60_000);

afterEach(async () => {
  for (const c of running) await c.stop("SIGKILL");
  running = [];
});

afterAll(async () => {
  await db?.drop();
});

describe.skipIf(!server)("canaries across console restarts and instances", () => {
  it("a console killed mid-canary is replaced by one that goes on from the canary's step and promotes it", async () => {
    const first = await start("console-a");
    const id = await startCanary(first.url, [20, 40, 60, 80, 100], 2);
    const bob = await ApiSession.login(first.url, "bob", "bob-approver-pw");
    await eventually("canary at 40%", async () => (await bob.call("GET", `/api/canaries/${id}`)).body.stepIndex >= 1);
    expect(await leaseOwner(id)).toBe("console-a");
    await first.stop("SIGKILL");
    const killedAt = Date.now();

    const second = await start("console-b");
    const steps = await promoted(second.url, id);
    expect(steps.map((s) => s.weight)).toEqual([20, 40, 60, 80, 100]);
    // Steps on both sides of the crash: the new console continued the canary, it did not start it again.
    expect(steps.filter((s) => Date.parse(s.at) < killedAt).length).toBeGreaterThanOrEqual(2);
    expect(steps.filter((s) => Date.parse(s.at) > killedAt).length).toBeGreaterThanOrEqual(1);
  }, 180_000);

  it("with two consoles exactly one drives a canary, and the other takes over when it dies", async () => {
    const a = await start("console-a");
    const b = await start("console-b");
    const byName = new Map([
      ["console-a", a],
      ["console-b", b],
    ]);
    const id = await startCanary(a.url, [10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 1);
    const bob = await ApiSession.login(b.url, "bob", "bob-approver-pw");
    // Both consoles tick every 200 ms; over several steps the lease never changes hands while its holder lives.
    const owners = new Set<string | null>();
    await eventually(
      "canary at its fifth step",
      async () => {
        owners.add(await leaseOwner(id));
        return (await bob.call("GET", `/api/canaries/${id}`)).body.stepIndex >= 4;
      },
      60_000,
      200,
    );
    owners.delete(null);
    expect(owners.size).toBe(1);
    const holder = [...owners][0]!;
    expect(byName.has(holder)).toBe(true);
    const other = holder === "console-a" ? "console-b" : "console-a";
    await byName.get(holder)!.stop("SIGKILL");

    const steps = await promoted(byName.get(other)!.url, id);
    expect(steps.map((s) => s.weight)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(await leaseOwner(id)).toBeNull();
    const audit = await (
      await ApiSession.login(byName.get(other)!.url, "bob", "bob-approver-pw")
    ).call("GET", "/api/audit?limit=500");
    const stepped = (audit.body.entries as { action: string; details: { canaryId?: string } }[]).filter(
      (e) => e.action === "canary.step" && e.details.canaryId === id,
    );
    expect(stepped).toHaveLength(10);
  }, 180_000);
});
