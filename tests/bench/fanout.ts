/**
 * `npm run bench:fanout [-- --proxies 200 --consoles 1 --rounds 5 --services 0 --page --cpu-prof DIR --db postgres|pglite --ack poll|post]`: how fast one approval reaches
 * a fleet. Starts the built console (`next start`; SIGNALBOX_NEXT_DIST picks the build) on a fresh PostgreSQL database
 * (TEST_DATABASE_URL's server, default postgresql://postgres@127.0.0.1:5432/postgres) or an embedded PGlite, N
 * simulated proxies in a few worker processes (fanout-worker.ts), then per round approves a change and measures:
 * - approve → each proxy holding the new version: p50 / p99 / max over the fleet (`fanout p50/p99 ms`);
 * - approve → every ACK visible through GET /api/proxies, the API the Proxies page reads (`acks visible ms`).
 * With `--consoles 2` two consoles share the database and the proxies are split between them; the approval goes to
 * the first, so the second learns of it through LISTEN/NOTIFY. With `--services 500` the running mesh first gains 500
 * namespaced services with a route each (topology-fixture.ts), so each round approves a one-route change to a
 * 500-service mesh (`approve ms`: the approve call end to end, issue 12's "approving a 500-service change").
 * With `--page` the Proxies page is open in headless Chromium (signed in as bob) and each round also times approve →
 * the page showing every proxy synced on the new version (`proxies page shows acks ms`).
 * Traffic goes only to 127.0.0.1; stops by itself.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ApiSession } from "../helpers/api-session.ts";
import { freePort } from "../helpers/ports.ts";
import { AS_IN_PRODUCTION, PROXY_TOKEN, startConsole, type RunningProcess } from "../helpers/processes.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";
import { chromium, type Browser, type Page } from "@playwright/test";
import { median } from "./report.ts";
import { namespacedMeshInput } from "./topology-fixture.ts";

const { values: args } = parseArgs({
  options: {
    proxies: { type: "string", default: "200" },
    consoles: { type: "string", default: "1" },
    rounds: { type: "string", default: "5" },
    services: { type: "string", default: "0" },
    // Also open the Proxies page in headless Chromium and time until it shows every ACK.
    page: { type: "boolean", default: false },
    // The first console's CPU profile of the run, written into this directory (Chrome DevTools reads it).
    "cpu-prof": { type: "string" },
    workers: { type: "string", default: "2" },
    db: { type: "string", default: "postgres" },
    // How the simulated proxies ACK (fanout-worker.ts): "post" for a console built before polls carried ACKs.
    ack: { type: "string", default: "poll" },
  },
});
const N = Number(args.proxies);
const CONSOLES = Number(args.consoles);
const ROUNDS = Number(args.rounds);
const SERVICES = Number(args.services);
const WORKERS = Math.max(1, Math.min(Number(args.workers), N));
if (![N, CONSOLES, ROUNDS].every((x) => Number.isInteger(x) && x > 0) || N > 2_000 || CONSOLES > 4)
  throw new Error("--proxies 1..2000, --consoles 1..4, --rounds ≥ 1");
if (!Number.isInteger(SERVICES) || SERVICES < 0 || SERVICES > 5_000) throw new Error("--services 0..5000");
if (args.db !== "postgres" && args.db !== "pglite") throw new Error("--db postgres|pglite");
if (args.ack !== "poll" && args.ack !== "post") throw new Error("--ack poll|post");
if (args.db === "pglite" && CONSOLES > 1) throw new Error("several consoles need PostgreSQL (PGlite is one process)");

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const fmt = (x: number) => x.toFixed(0).padStart(5);

const consoles: (RunningProcess & { url: string })[] = [];
const workers: ChildProcess[] = [];
let cleanup: (() => Promise<void>) | undefined;
/** node → version → first time the node held that version. */
const got = new Map<string, Map<number, number>>();
/** node → version → when its ACK was answered. */
const acked = new Map<string, Map<number, number>>();
let errors = 0;

async function start(): Promise<ApiSession> {
  process.env.TEST_DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  if (args.db === "postgres") {
    const db = await createTestDatabaseUrl();
    databaseUrl = db!.url;
    cleanup = db!.drop;
  } else {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "sb-fanout-"));
    cleanup = async () => rmSync(dataDir!, { recursive: true, force: true });
  }
  // One at a time: the first seeds the demo data, the others find it.
  for (let i = 0; i < CONSOLES; i++)
    consoles.push(
      await startConsole({
        port: await freePort(),
        databaseUrl,
        dataDir,
        env: AS_IN_PRODUCTION,
        nodeArgs: i === 0 && args["cpu-prof"] ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(args["cpu-prof"])] : [],
      }),
    );
  const urls = consoles.map((c) => c.url).join(",");
  const per = Math.ceil(N / WORKERS);
  for (let w = 0; w * per < N; w++) {
    const child = fork(
      path.join(import.meta.dirname, "fanout-worker.ts"),
      [urls, PROXY_TOKEN, String(w * per), String(Math.min(per, N - w * per)), args.ack],
      {
        execArgv: ["--import", "tsx"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      },
    );
    child.on("message", (m: { type: string; node: string; version: number; at: number; error?: string }) => {
      if (m.type === "error") {
        if (errors++ < 5) console.error(`  ${m.node}: ${m.error}`);
        return;
      }
      const into = m.type === "acked" ? acked : got;
      const seen = into.get(m.node) ?? new Map<number, number>();
      if (!seen.has(m.version)) seen.set(m.version, m.at);
      into.set(m.node, seen);
    });
    workers.push(child);
  }
  return ApiSession.login(consoles[0]!.url, "bob", "bob-approver-pw");
}

/** Polls GET /api/proxies (what the Proxies page reads) until every bench node shows `version` applied. */
async function ackedAll(api: ApiSession, version: number, deadline: number): Promise<boolean> {
  while (now() < deadline) {
    const res = await api.call("GET", "/api/proxies");
    const nodes = (res.body.proxies as { id: string; appliedVersion: number | null }[]).filter((p) =>
      p.id.startsWith("bench-"),
    );
    if (nodes.length === N && nodes.every((p) => p.appliedVersion === version)) return true;
    // Every 100 ms: fine enough to see 0.5 s, and the console under test is not kept busy answering the bench.
    await sleep(100);
  }
  return false;
}

/** The running mesh plus `--services` namespaced services, gateways and routes (names cannot clash: svc-N, gw-N). */
async function grow(alice: ApiSession, bob: ApiSession): Promise<number> {
  const running = (await alice.call("GET", "/api/mesh")).body.mesh;
  const extra = namespacedMeshInput(SERVICES, 20, 8);
  const mesh = {
    ...running,
    services: [...running.services, ...extra.services!],
    gateways: [...running.gateways, ...extra.gateways!],
    routes: [...running.routes, ...extra.routes!],
  };
  const { t0, version } = await propose(alice, bob, `fanout bench: ${SERVICES} more services`, mesh);
  // The change that adds them is an import's size: every row of 500 services written in one approval.
  console.log(`approve of the change adding ${SERVICES} services: ${(now() - t0).toFixed(0)} ms`);
  return version;
}

async function propose(
  alice: ApiSession,
  bob: ApiSession,
  title: string,
  mesh: unknown,
): Promise<{ t0: number; version: number }> {
  const created = await alice.call("POST", "/api/changes", { title, description: "", proposed: mesh });
  if (created.status !== 201) throw new Error(`create change: ${JSON.stringify(created.body)}`);
  const submitted = await alice.call("POST", `/api/changes/${created.body.id}/submit`);
  if (submitted.status !== 200) throw new Error(`submit: ${JSON.stringify(submitted.body)}`);
  const t0 = now();
  const approved = await bob.call("POST", `/api/changes/${created.body.id}/approve`, { note: "" });
  if (approved.status !== 200) throw new Error(`approve: ${JSON.stringify(approved.body)}`);
  return { t0, version: approved.body.producedVersion as number };
}

async function approveChange(
  alice: ApiSession,
  bob: ApiSession,
  round: number,
): Promise<{ t0: number; version: number }> {
  const running = await alice.call("GET", "/api/mesh");
  const mesh = running.body.mesh;
  const reviews = mesh.routes.find((r: { name: string }) => r.name === "reviews");
  const w = 10 + ((round * 17) % 80);
  reviews.rules[0].destinations = [
    { service: "reviews", version: "v1", weight: w },
    { service: "reviews", version: "v2", weight: 100 - w },
  ];
  return propose(alice, bob, `fanout ${round}`, mesh);
}

async function main(): Promise<void> {
  const bob = await start();
  const alice = await ApiSession.login(consoles[0]!.url, "alice", "alice-editor-pw");
  const initial =
    SERVICES > 0 ? await grow(alice, bob) : ((await bob.call("GET", "/api/proxies")).body.latestVersion as number);
  if (!(await ackedAll(bob, initial, now() + 60_000)))
    throw new Error(`the ${N} proxies did not sync version ${initial}`);
  console.log(
    `fanout bench: ${N} proxies in ${workers.length} processes, ${CONSOLES} console(s), ${args.db}, ACK by ${args.ack}, ${ROUNDS} rounds${SERVICES ? `, ${SERVICES} more services` : ""} (node ${process.version})`,
  );
  const page = args.page ? await openProxiesPage() : undefined;
  const rows: { p50: number; p99: number; max: number; acks: number; approve: number; page: number }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    await sleep(1_000); // every proxy back in its long-poll after the previous round's ACK
    const { t0, version } = await approveChange(alice, bob, round);
    const approveMs = now() - t0;
    const onPage = page ? pageShows(page, version, t0) : Promise.resolve(NaN);
    const visible = await ackedAll(bob, version, t0 + 30_000);
    const acks = now() - t0;
    const pageMs = await onPage;
    const times = [...got.values()].map((v) => v.get(version)).filter((t): t is number => t !== undefined);
    if (times.length !== N || !visible)
      throw new Error(`round ${round}: ${times.length}/${N} proxies got version ${version}`);
    const lat = times.map((t) => t - t0);
    const ackTimes = [...acked.values()].map((v) => (v.get(version) ?? t0) - t0);
    const row = {
      p50: pct(lat, 0.5),
      p99: pct(lat, 0.99),
      max: Math.max(...lat),
      acked: Math.max(...ackTimes),
      acks,
      approve: approveMs,
      page: pageMs,
    };
    rows.push(row);
    console.log(
      `  round ${round}: approve call ${fmt(row.approve)} ms, fanout p50 ${fmt(row.p50)} p99 ${fmt(row.p99)} max ${fmt(row.max)} ms, last ACK ${args.ack === "post" ? "answered" : "sent"} ${fmt(row.acked)} ms, acks visible ${fmt(row.acks)} ms${page ? `, on the Proxies page ${fmt(row.page)} ms` : ""}`,
    );
  }
  const m = (k: keyof (typeof rows)[number]) => median(rows.map((r) => r[k]));
  console.log(
    `fanout p50/p99 ms: ${m("p50").toFixed(0)} / ${m("p99").toFixed(0)} (max ${m("max").toFixed(0)}; medians of ${ROUNDS} rounds)`,
  );
  console.log(`acks visible ms: ${m("acks").toFixed(0)}`);
  if (page) console.log(`proxies page shows acks ms: ${m("page").toFixed(0)}`);
  console.log(
    `approve ms: ${m("approve").toFixed(0)}${SERVICES ? ` (one-route change to a ${SERVICES}-service mesh)` : ""}`,
  );
  if (errors > 0) console.log(`(${errors} poll/ack errors during the run)`);
}

let browser: Browser | undefined;

/** `--page`: the Proxies page, signed in as bob, as an operator watches a rollout. */
async function openProxiesPage(): Promise<Page> {
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  const page = await (await browser.newContext({ baseURL: consoles[0]!.url })).newPage();
  await page.goto("/login?next=%2Fproxies");
  await page.getByLabel("User name").fill("bob");
  await page.getByLabel("Password").fill("bob-approver-pw");
  await page.getByTestId("login-submit").click();
  await page.waitForURL(/\/proxies/);
  return page;
}

/** ms from t0 until the page shows every bench proxy synced on `version` (checked every animation frame). */
async function pageShows(page: Page, version: number, t0: number): Promise<number> {
  await page.waitForFunction(
    ({ version, n }) => {
      const rows = document.querySelectorAll('[data-testid^="proxy-row-bench-"]');
      return (
        rows.length === n &&
        [...rows].every(
          (r) => r.getAttribute("data-version") === String(version) && r.getAttribute("data-state") === "synced",
        )
      );
    },
    { version, n: N },
    { polling: "raf", timeout: 30_000 },
  );
  return now() - t0;
}

async function stopAll(): Promise<void> {
  await browser?.close();
  for (const w of workers) if (w.connected) w.send({ type: "stop" });
  await Promise.all(consoles.map((c) => c.stop()));
  await cleanup?.();
}

main()
  .then(stopAll)
  .then(() => process.exit(0))
  .catch(async (e: unknown) => {
    console.error(`bench:fanout failed: ${e instanceof Error ? e.message : String(e)}`);
    await stopAll().catch(() => undefined);
    process.exit(1);
  });
