/**
 * Proxy benchmark on loopback: direct (the limit) vs nginx vs the Signalbox proxy, interleaved over
 * several rounds, medians reported. Upstreams + load generators on core 0, the proxy under test on core 1.
 *
 *   npm run bench:proxy
 *   env: BENCH_ROUNDS=5 BENCH_DURATION_S=5 BENCH_CONNECTIONS=64 BENCH_RATE=1000
 *        BENCH_PROXY_MODE=bundle|tsx (default bundle: what `npm run proxy` ships)  BENCH_CPU_PROF=<dir> (node --cpu-prof on the proxy)  BENCH_PROXY_NODE_FLAGS="..."
 *        BENCH_NICE=-10 BENCH_RT=1 (priorities on a shared machine)  BENCH_ATTEMPTS=2 BENCH_QUIET_MS=15000
 *        BENCH_TLS=0: leave out the HTTPS run (nginx-tls, signalbox-tls: TLS terminated on the proxy core)
 *        BENCH_B_ARGS="--http2 off" / BENCH_B_NODE_FLAGS="--single-threaded-gc": an A/B run, a second signalbox
 *        ("signalbox-b") with those proxy or node flags measured in the same interleaved rounds (paired ratio printed)
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { issueCert, makeCa } from "../helpers/test-certs.ts";
import { freePort } from "../helpers/ports.ts";
import { BENCH_HOST, proxyConfig, startNginx, upstreamConfig } from "./nginx-config.ts";
import { runLoadProcess } from "./load-process.ts";
import { cpuSeconds, ForeignMeter, machineInfo, peakRssMb, waitForQuiet } from "./procstat.ts";
import {
  benchNice,
  benchRealtime,
  cleanupAll,
  installCleanupHandlers,
  requireBinary,
  setRealtime,
  tempDir,
} from "./procs.ts";
import { printReport, type Sample, type TargetSummary } from "./report.ts";
import { BENCH_SECRET, startNodeHttpProxy, startSignalbox, type ProxyMode } from "./signalbox.ts";
import { runWrk } from "./wrk.ts";

const LOAD_CPU = 0;
const PROXY_CPU = 1;
/** A sample is measured again (up to MAX_ATTEMPTS times) when other processes used more than this many cores. */
const MAX_FOREIGN = 0.15;
/** BENCH_ATTEMPTS=1 BENCH_QUIET_MS=0 on a machine that is never quiet: waiting and measuring again buy nothing. */
const MAX_ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 2);
const QUIET_WAIT_MS = Number(process.env.BENCH_QUIET_MS ?? 15_000);
const INSTALL_HINT = "Install it with: apt-get install nginx-light wrk";

interface Target {
  name: "direct" | "nginx" | "node-http" | "signalbox" | "signalbox-b" | "nginx-tls" | "signalbox-tls";
  port: number;
  /** HTTPS: the TLS run (issue 11), both proxies terminating TLS on the same core. */
  tls?: boolean;
  /** Process whose CPU and peak RSS are charged to the target; null for direct (no proxy). */
  pid: number | null;
}

const envNum = (name: string, def: number) => {
  const v = Number(process.env[name] ?? def);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};

export async function runProxyBench(): Promise<void> {
  installCleanupHandlers();
  const nginxBin = requireBinary("nginx", INSTALL_HINT, "nginx-light");
  const wrkBin = requireBinary("wrk", INSTALL_HINT, "wrk");
  requireBinary("taskset", "Install it with: apt-get install util-linux");
  const rounds = envNum("BENCH_ROUNDS", 5);
  const durationS = envNum("BENCH_DURATION_S", 5);
  const connections = envNum("BENCH_CONNECTIONS", 64);
  const rate = envNum("BENCH_RATE", 1_000);
  const mode = (process.env.BENCH_PROXY_MODE ?? "bundle") as ProxyMode;
  if (mode !== "tsx" && mode !== "bundle") throw new Error("BENCH_PROXY_MODE must be tsx or bundle");

  const [v1Port, v2Port, nginxPort, sbPort, plainPort, bPort, nginxTlsPort, sbTlsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ] as [number, number, number, number, number, number, number, number];
  const upstream = await startNginx(nginxBin, "upstream", LOAD_CPU, (p) => upstreamConfig(p, v1Port, v2Port), v1Port);
  const nginx = await startNginx(
    nginxBin,
    "proxy",
    PROXY_CPU,
    (p) => proxyConfig(p, nginxPort, v1Port, v2Port),
    nginxPort,
  );
  const plain = await startNodeHttpProxy({ cpu: PROXY_CPU, port: plainPort, v1Port, v2Port });
  const sb = await startSignalbox({
    cpu: PROXY_CPU,
    port: sbPort,
    v1Port,
    v2Port,
    mode,
    cpuProfDir: process.env.BENCH_CPU_PROF,
  });
  const abArgs = process.env.BENCH_B_ARGS;
  const abFlags = process.env.BENCH_B_NODE_FLAGS;
  const sbB =
    abArgs !== undefined || abFlags !== undefined
      ? await startSignalbox({
          cpu: PROXY_CPU,
          port: bPort,
          v1Port,
          v2Port,
          mode,
          nodeFlags: abFlags ?? "",
          proxyArgs: abArgs ?? "",
        })
      : null;
  const tls =
    process.env.BENCH_TLS === "0"
      ? null
      : await startTlsProxies(nginxBin, mode, nginxTlsPort, sbTlsPort, v1Port, v2Port);
  const targets: Target[] = [
    { name: "direct", port: v1Port, pid: null },
    { name: "nginx", port: nginxPort, pid: nginx.workerPid },
    { name: "node-http", port: plainPort, pid: plain.pid },
    { name: "signalbox", port: sbPort, pid: sb.pid },
    ...(sbB ? [{ name: "signalbox-b" as const, port: bPort, pid: sbB.pid }] : []),
    ...(tls
      ? [
          { name: "nginx-tls" as const, port: nginxTlsPort, pid: tls.nginx.workerPid, tls: true },
          { name: "signalbox-tls" as const, port: sbTlsPort, pid: tls.signalbox.pid, tls: true },
        ]
      : []),
  ];
  const wrk = (t: Target, d: number, close = false) =>
    runWrk({
      wrkBin,
      cpu: LOAD_CPU,
      port: t.port,
      host: BENCH_HOST,
      threads: 1,
      connections,
      durationS: d,
      tls: t.tls,
      close,
    });
  const log = (s: string) => process.stderr.write(`${s}\n`);
  log(`proxy under test: ${sb.command}`);
  if (sbB) log(`signalbox-b (A/B): ${sbB.command}`);

  // Warm-up: JIT, keep-alive pools, nginx upstream connections. Not recorded.
  for (const t of targets) {
    log(`warm-up: ${t.name}`);
    await wrk(t, 2);
    await runLoadProcess({
      cpu: LOAD_CPU,
      port: t.port,
      host: BENCH_HOST,
      rate,
      durationMs: 1_000,
      warmupMs: 500,
      connections,
      caFile: t.tls ? tls?.caFile : undefined,
    });
  }

  const meter = new ForeignMeter([
    upstream.child.pid,
    upstream.workerPid,
    nginx.child.pid,
    nginx.workerPid,
    plain.pid,
    sb.pid,
    ...(sbB ? [sbB.pid] : []),
    ...(tls ? [tls.nginx.child.pid, tls.nginx.workerPid, tls.signalbox.pid] : []),
  ]);
  /** Constant-rate run with the generator, upstream and proxy at real-time priority for its duration only. */
  const latencyRun = async (t: Target) => {
    const rtPids = [upstream.workerPid, ...(t.pid === null ? [] : [t.pid])];
    try {
      for (const p of rtPids) setRealtime(p, true);
      return await runLoadProcess({
        cpu: LOAD_CPU,
        port: t.port,
        host: BENCH_HOST,
        rate,
        durationMs: durationS * 1_000,
        warmupMs: 1_000,
        connections,
        caFile: t.tls ? tls?.caFile : undefined,
      });
    } finally {
      for (const p of rtPids) setRealtime(p, false);
    }
  };
  const measure = async (t: Target): Promise<Sample> => {
    const busyBefore = await waitForQuiet(QUIET_WAIT_MS);
    const m0 = meter.start();
    const before = t.pid === null ? 0 : cpuSeconds(t.pid);
    const w = await wrk(t, durationS);
    const cpu = t.pid === null ? NaN : ((cpuSeconds(t.pid) - before) / w.requests) * 10_000;
    // TLS: a new connection per request (Connection: close), so requests/s are full TLS handshakes per second.
    const handshakesPerS = t.tls ? (await wrk(t, Math.min(durationS, 3), true)).rps : undefined;
    const foreignWrk = meter.stop(m0);
    const m1 = meter.start();
    const l = await latencyRun(t);
    const foreign = Math.max(foreignWrk, meter.stop(m1));
    const rss = t.pid === null ? NaN : peakRssMb(t.pid);
    return { wrk: w, load: l, cpuPer10k: cpu, peakRssMb: rss, foreign, busyBefore, handshakesPerS };
  };

  const samples = new Map<Target["name"], Sample[]>(targets.map((t) => [t.name, []]));
  let retried = 0;
  for (let r = 1; r <= rounds; r++) {
    for (const t of targets) {
      // A sample during which a neighbour's build took a real share of the machine is measured again.
      let s = await measure(t);
      for (let a = 1; a < MAX_ATTEMPTS && s.foreign > MAX_FOREIGN; a++, retried++) {
        log(
          `  ${t.name}: other processes used ${(s.foreign * 100).toFixed(0)}% of a core during the run; measuring again`,
        );
        const again = await measure(t);
        if (again.foreign < s.foreign) s = again; // keep the least disturbed attempt
      }
      samples.get(t.name)!.push(s);
      const { wrk: w, load: l } = s;
      const hs = s.handshakesPerS === undefined ? "" : `  handshakes ${s.handshakesPerS.toFixed(0)}/s`;
      log(
        `round ${r}/${rounds} ${t.name.padEnd(13)} ${w.rps.toFixed(0).padStart(7)} rps  cpu ${Number.isNaN(s.cpuPer10k) ? "   -" : s.cpuPer10k.toFixed(3)} s/10k  ` +
          `p50 ${l.p50.toFixed(3)} p99 ${l.p99.toFixed(3)} ms @${rate}/s  errors ${w.socketErrors + l.errors} non2xx ${w.non2xx + l.non2xx}  ` +
          `(foreign CPU ${(s.foreign * 100).toFixed(0)}% of a core)${hs}`,
      );
    }
  }
  const summaries: TargetSummary[] = targets.map((t) => ({ name: t.name, samples: samples.get(t.name)! }));
  printReport({
    summaries,
    machine: machineInfo(nginxBin, wrkBin),
    settings: {
      retried,
      rounds,
      durationS,
      connections,
      rate,
      proxyCommand: sb.command,
      proxyEntry: sb.entry,
      mode,
      abCommand: sbB?.command,
      nice: benchNice(),
      realtime: benchRealtime(),
    },
  });
}

/**
 * The HTTPS run's two proxies on the proxy core, one certificate for both (a throwaway CA made with openssl, as the
 * tests make theirs): nginx with `listen ssl`, signalbox serving a gateway HTTPS listener from --secrets-dir.
 */
async function startTlsProxies(
  nginxBin: string,
  mode: ProxyMode,
  nginxPort: number,
  sbPort: number,
  v1Port: number,
  v2Port: number,
) {
  const ca = makeCa("signalbox bench CA");
  const leaf = issueCert(ca, BENCH_HOST);
  const dir = tempDir("tls");
  const caFile = path.join(dir, "ca.pem");
  const certFile = path.join(dir, `${BENCH_SECRET}.crt`);
  const keyFile = path.join(dir, `${BENCH_SECRET}.key`);
  writeFileSync(caFile, ca.certPem);
  writeFileSync(certFile, leaf.certPem);
  writeFileSync(keyFile, leaf.keyPem);
  const nginx = await startNginx(
    nginxBin,
    "proxy-tls",
    PROXY_CPU,
    (p) => proxyConfig(p, nginxPort, v1Port, v2Port, { certFile, keyFile }),
    nginxPort,
    ca.certPem,
  );
  const signalbox = await startSignalbox({
    cpu: PROXY_CPU,
    port: sbPort,
    v1Port,
    v2Port,
    mode,
    tlsSecretsDir: dir,
    caPem: ca.certPem,
  });
  return { nginx, signalbox, caFile };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runProxyBench()
    .then(() => cleanupAll())
    .then(() => process.exit(0))
    .catch(async (e: unknown) => {
      console.error(`proxy bench failed: ${e instanceof Error ? e.message : String(e)}`);
      await cleanupAll();
      process.exit(1);
    });
}
