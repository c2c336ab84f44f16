import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Clock ticks per second for /proc/PID/stat times (100 on every Linux we run on; asked once). */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of one process, in seconds (fields 14 and 15 of /proc/PID/stat, after the `(comm)`). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** CPU seconds of this process plus its exited, reaped children (wrk, load generators): cutime + cstime. */
export function selfAndReapedCpuSeconds(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / CLK_TCK;
}

/** A /proc/PID/status value in kB (VmHWM = peak RSS, VmRSS = current). */
function statusKb(pid: number, key: string): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status);
  return m ? Number(m[1]) : NaN;
}

export const peakRssMb = (pid: number): number => statusKb(pid, "VmHWM") / 1024;

/** Direct children of a process (nginx master -> its worker). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  node: string;
  nginx: string;
  wrk: string;
  kernel: string;
}

export function machineInfo(nginxBin: string, wrkBin: string): MachineInfo {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? "unknown";
  const cores = (cpuinfo.match(/^processor\s*:/gm) ?? []).length;
  // `nginx -v` prints to stderr; `wrk -v` exits 1 after printing its banner: read both streams.
  const run = (bin: string) => {
    const r = spawnSync(bin, ["-v"], { encoding: "utf8" });
    return `${r.stdout ?? ""}${r.stderr ?? ""}`;
  };
  const nginx = /nginx\/([\w.]+)/.exec(run(nginxBin))?.[1] ?? "unknown";
  const wrk = /wrk\s+(\S+)/.exec(run(wrkBin))?.[1] ?? "unknown";
  const kernel = readFileSync("/proc/sys/kernel/osrelease", "utf8").trim();
  return { cpu, cores, node: process.version, nginx, wrk, kernel };
}

/**
 * Jiffies per CPU from /proc/stat. `busy`: everything but idle and iowait; `task`: user + nice + system only,
 * the part that per-process utime/stime can account for (irq/softirq time, a big share of loopback TCP, is
 * charged to no process).
 */
export function coreTimes(): { busy: number; task: number; total: number }[] {
  const lines = readFileSync("/proc/stat", "utf8")
    .split("\n")
    .filter((l) => /^cpu\d+ /.test(l));
  return lines.map((l) => {
    const v = l.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: total - v[3]! - v[4]!, task: v[0]! + v[1]! + v[2]!, total };
  });
}

/** Process (user + system) CPU seconds of all cores between two coreTimes() readings. */
export function taskSeconds(a: ReturnType<typeof coreTimes>, b: ReturnType<typeof coreTimes>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += b[i]!.task - a[i]!.task;
  return sum / CLK_TCK;
}

/** Fraction (0..1 per core, summed) of all cores that was busy between two coreTimes() readings. */
export function busyCores(a: ReturnType<typeof coreTimes>, b: ReturnType<typeof coreTimes>, cores?: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    if (cores && !cores.includes(i)) continue;
    const dt = b[i]!.total - a[i]!.total;
    if (dt > 0) sum += (b[i]!.busy - a[i]!.busy) / dt;
  }
  return sum;
}

/**
 * Waits (up to maxWaitMs) for a 500 ms window in which the machine is nearly idle, so a run does not start
 * while someone else's build is hogging the cores. Returns the busy fraction of the last window.
 */
export async function waitForQuiet(maxWaitMs: number, threshold = 0.15): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const a = coreTimes();
    await new Promise((r) => setTimeout(r, 500));
    const busy = busyCores(a, coreTimes());
    if (busy <= threshold || Date.now() >= deadline) return busy;
  }
}

/**
 * CPU used by processes that are not ours while a run lasts, in cores (0..#cores): machine busy time minus
 * our long-lived processes (`pids`) minus this process and its reaped children (wrk, load generators).
 */
export class ForeignMeter {
  constructor(private readonly pids: readonly number[]) {}

  private ours(): number {
    let s = selfAndReapedCpuSeconds();
    for (const p of this.pids) s += cpuSeconds(p);
    return s;
  }

  start(): { times: ReturnType<typeof coreTimes>; ours: number; at: number } {
    return { times: coreTimes(), ours: this.ours(), at: performance.now() };
  }

  /** Call after the run's child processes have exited (their CPU counts only once reaped). */
  stop(from: ReturnType<ForeignMeter["start"]>): number {
    const wallS = (performance.now() - from.at) / 1_000;
    const foreign = taskSeconds(from.times, coreTimes()) - (this.ours() - from.ours);
    return Math.max(0, foreign / wallS);
  }
}
