/**
 * npm run bench:registry [-- --instances 10000 --rate 100 --seconds 30 --pollers 5 --cpu-prof <dir>]
 *
 * The live registry at scale: the built console (next start) on a fresh PostgreSQL database (TEST_DATABASE_URL's
 * server, dropped afterwards) with its Consul-compatible port. It registers `--instances` instances through
 * PUT /v1/agent/service/register (spread over the Bookinfo versions, so every cluster's endpoint set is large), then
 * runs `--rate` registry changes per second for `--seconds` (alternately a new registration and a deregistration of
 * an old one) while `--pollers` simulated proxies long-poll GET /api/xds/endpoints as the proxy does. It prints
 * propagation (change sent → every poller holds the new endpoint set) p50/p99/max, the registration call's
 * p50/p99, and the console's CPU (utime + stime of its process over the churn, as % of one core) with the machine's
 * steal. Figures, never assertions. `--cpu-prof <dir>` starts the console's node with --cpu-prof and writes its CPU
 * profile (the whole run) there when it stops, for Chrome DevTools (Performance, load profile).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ApiSession } from "../helpers/api-session.ts";
import { freePort } from "../helpers/ports.ts";
import { AS_IN_PRODUCTION, PROXY_TOKEN, startConsole, type RunningProcess } from "../helpers/processes.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";

const { values: args } = parseArgs({
  options: {
    instances: { type: "string", default: "10000" },
    rate: { type: "string", default: "100" },
    seconds: { type: "string", default: "30" },
    pollers: { type: "string", default: "5" },
    "cpu-prof": { type: "string" },
  },
});
const INSTANCES = Number(args.instances);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const POLLERS = Number(args.pollers);

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]! : NaN;

// The versions the demo's routes send traffic to: a proxy is answered only the clusters its routes reach, so an
// instance of an unrouted version (reviews/v3) would never reach the pollers.
const VERSIONS = [
  ["reviews", "v1"],
  ["reviews", "v2"],
  ["ratings", "v1"],
  ["details", "v1"],
  ["productpage", "v1"],
] as const;

const addressOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** CPU seconds (user + system) of a process so far, from /proc (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
/** The machine's steal ticks so far (a busy VM's CPU taken by others). */
function stealTicks(): { steal: number; total: number } {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { steal: cpu[7] ?? 0, total: cpu.reduce((a, b) => a + b, 0) };
}

/** A request sent on a keep-alive socket the server closed at that moment is sent again (once). */
const fetchRetry = (url: string, init: RequestInit) => fetch(url, init).catch(() => fetch(url, init));

let consoleProc: (RunningProcess & { url: string }) | undefined;
let drop: (() => Promise<void>) | undefined;

async function main(): Promise<void> {
  process.env.TEST_DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
  const db = await createTestDatabaseUrl();
  if (!db) throw new Error("needs a PostgreSQL server (TEST_DATABASE_URL)");
  drop = db.drop;
  const consulPort = await freePort();
  consoleProc = await startConsole({
    port: await freePort(),
    databaseUrl: db.url,
    env: { ...AS_IN_PRODUCTION, SIGNALBOX_CONSUL_PORT: String(consulPort) },
    nodeArgs: args["cpu-prof"] ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(args["cpu-prof"])] : [],
  });
  const consul = `http://127.0.0.1:${consulPort}`;
  const carol = await ApiSession.login(consoleProc.url, "carol", "carol-admin-pw");
  const token = (await carol.call("POST", "/api/tokens", { name: "bench-management" })).body.secret as string;

  /** When the console answered each change (committed): propagation is measured from here and from the send. */
  const committed = new Map<string, number>();
  const register = async (i: number): Promise<number> => {
    const [service, version] = VERSIONS[i % VERSIONS.length]!;
    const t0 = now();
    const res = await fetchRetry(`${consul}/v1/agent/service/register`, {
      method: "PUT",
      headers: { "x-consul-token": token },
      body: JSON.stringify({
        ID: `bench-${i}`,
        Name: service,
        Address: addressOf(i),
        Port: 9080,
        Meta: { app: service, version },
      }),
    });
    if (res.status !== 200) throw new Error(`register ${i}: ${res.status} ${await res.text()}`);
    committed.set(`+${addressOf(i)}`, now());
    return now() - t0;
  };
  const deregister = async (i: number): Promise<number> => {
    const t0 = now();
    const res = await fetchRetry(`${consul}/v1/agent/service/deregister/bench-${i}`, {
      method: "PUT",
      headers: { "x-consul-token": token },
    });
    if (res.status !== 200) throw new Error(`deregister ${i}: ${res.status}`);
    committed.set(`-${addressOf(i)}`, now());
    return now() - t0;
  };

  console.log(`registering ${INSTANCES} instances through the Consul API…`);
  const fillStart = now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < INSTANCES) await register(next++);
    }),
  );
  console.log(`  ${INSTANCES} registered in ${((now() - fillStart) / 1000).toFixed(1)} s`);

  // Simulated proxies: long-poll the endpoints and note when each address appears or disappears.
  const seen: Map<string, number>[] = Array.from({ length: POLLERS }, () => new Map());
  let stop = false;
  let answers = 0;
  const pollers = Array.from({ length: POLLERS }, async (_, p) => {
    let hash: string | undefined;
    let held = new Set<string>();
    while (!stop) {
      const url = new URL("/api/xds/endpoints", consoleProc!.url);
      url.searchParams.set("node", `bench-proxy-${p}`);
      url.searchParams.set("waitMs", "5000");
      if (hash) url.searchParams.set("hash", hash);
      // As the proxy does: a dropped connection (a keep-alive socket closed as the poll was sent) is polled again.
      const res = await fetch(url, { headers: { authorization: `Bearer ${PROXY_TOKEN}` } }).catch(() => null);
      if (!res || res.status === 304) continue;
      const body = (await res.json()) as { hash: string; clusters: Record<string, { address: string }[]> };
      const t = now();
      answers++;
      hash = body.hash;
      const current = new Set<string>();
      for (const eps of Object.values(body.clusters)) for (const e of eps) current.add(e.address);
      for (const a of current) if (!held.has(a)) seen[p]!.set(`+${a}`, t);
      for (const a of held) if (!current.has(a)) seen[p]!.set(`-${a}`, t);
      held = current;
    }
  });
  // Until every poller holds the full set.
  while (seen.some((m) => m.size < INSTANCES)) await sleep(100);
  console.log(`  ${POLLERS} pollers hold ${INSTANCES} endpoints`);

  const pid = consoleProc.child.pid!;
  const cpu0 = cpuSeconds(pid);
  const steal0 = stealTicks();
  const churnStart = now();
  const sent = new Map<string, number>();
  const callMs: number[] = [];
  let added = INSTANCES;
  let removed = 0;
  const total = RATE * SECONDS;
  const inFlight: Promise<void>[] = [];
  for (let k = 0; k < total; k++) {
    const due = churnStart + (k * 1000) / RATE;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    if (k % 2 === 0) {
      const i = added++;
      sent.set(`+${addressOf(i)}`, now());
      inFlight.push(register(i).then((ms) => void callMs.push(ms)));
    } else {
      const i = removed++;
      sent.set(`-${addressOf(i)}`, now());
      inFlight.push(deregister(i).then((ms) => void callMs.push(ms)));
    }
  }
  await Promise.all(inFlight);
  const churnSeconds = (now() - churnStart) / 1000;
  const deadline = now() + 30_000;
  while (now() < deadline && [...sent.keys()].some((k) => seen.some((m) => !m.has(k)))) await sleep(100);
  const cpu1 = cpuSeconds(pid);
  const steal1 = stealTicks();
  stop = true;

  const propagation: number[] = [];
  const fromCommit: number[] = [];
  let missing = 0;
  for (const [key, t0] of sent) {
    const times = seen.map((m) => m.get(key));
    if (times.some((t) => t === undefined)) missing++;
    else {
      const last = Math.max(...(times as number[]));
      propagation.push(last - t0);
      // A poller may hold it before the 200 reaches the client: that counts as 0.
      fromCommit.push(Math.max(0, last - (committed.get(key) ?? t0)));
    }
  }
  const steal = ((steal1.steal - steal0.steal) / Math.max(1, steal1.total - steal0.total)) * 100;
  console.log(`
registry bench: ${INSTANCES} instances, ${RATE} changes/s for ${SECONDS} s (${total} changes), ${POLLERS} pollers
  registration call      p50 ${pct(callMs, 0.5).toFixed(0)} ms   p99 ${pct(callMs, 0.99).toFixed(0)} ms
  propagation from send  p50 ${pct(propagation, 0.5).toFixed(0)} ms   p99 ${pct(propagation, 0.99).toFixed(0)} ms   max ${Math.max(...propagation).toFixed(0)} ms   (${missing} never seen)
  propagation from 200   p50 ${pct(fromCommit, 0.5).toFixed(0)} ms   p99 ${pct(fromCommit, 0.99).toFixed(0)} ms   max ${Math.max(...fromCommit).toFixed(0)} ms
  endpoint answers       ${answers} over the run
  console CPU            ${(((cpu1 - cpu0) / churnSeconds) * 100).toFixed(0)} % of one core (${(cpu1 - cpu0).toFixed(1)} CPU-s over ${churnSeconds.toFixed(1)} s)
  machine steal          ${steal.toFixed(1)} %
propagation p99 ms (from 200): ${pct(fromCommit, 0.99).toFixed(0)}
propagation p99 ms (from send): ${pct(propagation, 0.99).toFixed(0)}
console cpu %: ${(((cpu1 - cpu0) / churnSeconds) * 100).toFixed(0)}`);
  await Promise.race([Promise.all(pollers), sleep(6_000)]);
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(async () => {
    await consoleProc?.stop();
    await drop?.();
    process.exit();
  });
