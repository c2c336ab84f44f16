import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Snapshot } from "../../lib/core/index.ts";
import { eventually } from "./eventually.ts";

const root = path.resolve(import.meta.dirname, "..", "..");

export interface ProxyChild {
  port: number;
  /** The admin port, when the flags asked for one (`--admin-port 0`). */
  adminPort: number | null;
  /** The --config file: rewrite it and the proxy reloads (it polls the file). */
  configFile: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: a proxy whose event loop is stuck would never act on SIGTERM. */
  kill(): Promise<void>;
}

/**
 * The proxy as its own process (tsx proxy/main.ts) serving `snap` from a --config file: for tests whose
 * failure mode is a stuck event loop, which would freeze the test runner with an in-process proxy.
 */
export async function startProxyChild(
  snap: Snapshot,
  flags: string[] = [],
  opts: { listen?: boolean } = {},
): Promise<ProxyChild> {
  const dir = await mkdtemp(path.join(tmpdir(), "signalbox-proxy-child-"));
  const file = path.join(dir, "snapshot.json");
  await writeFile(file, JSON.stringify(snap));
  // Without --listen (opts.listen false) the proxy opens its gateway's listener ports.
  const listen = opts.listen === false ? [] : ["--listen", "0"];
  // One process (not the `--workers auto` default): SIGKILL to its pid must take the whole proxy down at once, and
  // tests read its one /stats document (workers mode: tests/integration/proxy-workers*.test.ts).
  const args = ["--import", "tsx", "proxy/main.ts", "--workers", "1", "--id", "child", ...listen, "--config", file];
  // node with tsx's loader, not the tsx launcher: SIGKILL must reach the proxy itself (tsx cannot forward it).
  const child = spawn(process.execPath, [...args, "--log-level", "error", ...flags], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const ports = await eventually(
      "the proxy child's listening line",
      () => {
        if (child.exitCode !== null) throw new Error(`proxy exited: ${out}`);
        const line = /\{"listening":(\d+),"admin":(\d+|null)/.exec(out);
        return line ? { port: Number(line[1]), adminPort: line[2] === "null" ? null : Number(line[2]) } : null;
      },
      30_000,
      50,
    );
    return { ...ports, configFile: file, child, output: () => out, kill };
  } catch (e) {
    await kill();
    throw e;
  }
}
