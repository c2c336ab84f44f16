import { spawn, type ChildProcess } from "node:child_process";
import { eventually } from "./eventually.ts";

export interface PrimaryInfo {
  listening: number;
  admin: number | null;
  pid: number;
  ports: number[];
  workers: number[];
}

/**
 * `node --import tsx proxy/main.ts --workers N <flags>` (a node:cluster primary and its workers), resolved with the
 * ready line it prints once every worker listens. `stop()` sends SIGTERM and waits: the workers drain and exit too.
 */
export async function startWorkersProxy(
  workers: number,
  flags: string[],
): Promise<{ child: ChildProcess; info: PrimaryInfo; output(): string; stop(): Promise<void> }> {
  const args = ["--import", "tsx", "proxy/main.ts", "--workers", String(workers), "--log-level", "error", ...flags];
  const child = spawn(process.execPath, args, { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  };
  try {
    const line = await eventually(
      "the primary's listening line",
      () => {
        if (child.exitCode !== null) throw new Error(`proxy exited: ${output}`);
        return /^\{"listening".*$/m.exec(output)?.[0];
      },
      30_000,
      50,
    );
    return { child, info: JSON.parse(line) as PrimaryInfo, output: () => output, stop };
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
}
