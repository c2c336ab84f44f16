import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Snapshot } from "../../../lib/core/index.ts";
import { eventually } from "../../helpers/eventually.ts";

const root = path.resolve(import.meta.dirname, "..", "..", "..");

/**
 * The real proxy process (proxy/main.ts) serving one gateway from a `--config` snapshot file. Tests swap the
 * snapshot by rewriting the file (the proxy polls it) and wait on the admin port's /ready until the new version
 * runs, so one process serves every test of its gateway.
 */
export interface GatewayProxy {
  gateway: string;
  port: number;
  apply(snapshot: Snapshot): Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

export async function startGatewayProxy(gateway: string, first: Snapshot): Promise<GatewayProxy> {
  const dir = await mkdtemp(path.join(tmpdir(), "signalbox-conformance-"));
  const file = path.join(dir, "snapshot.json");
  await writeFile(file, JSON.stringify(first));
  const args = [
    "--import",
    "tsx",
    "proxy/main.ts",
    "--id",
    `conformance-${gateway}`.slice(0, 63),
    "--gateway",
    gateway,
  ];
  const child: ChildProcess = spawn(
    process.execPath,
    [...args, "--listen", "0", "--admin-port", "0", "--config", file, "--log-level", "error", "--drain-ms", "0"],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const readyVersion = async (admin: number): Promise<number | null> => {
    try {
      const res = await fetch(`http://127.0.0.1:${admin}/ready`);
      const body = (await res.json()) as { version?: number };
      return res.ok && typeof body.version === "number" ? body.version : null;
    } catch {
      return null;
    }
  };
  try {
    const ports = await eventually(
      `the ${gateway} proxy's listening line`,
      () => {
        if (child.exitCode !== null) throw new Error(`proxy exited: ${out}`);
        const line = /\{"listening":(\d+),"admin":(\d+)/.exec(out);
        return line ? { port: Number(line[1]), admin: Number(line[2]) } : null;
      },
      30_000,
      25,
    );
    const waitFor = (version: number) =>
      eventually(
        `snapshot version ${version} running on the ${gateway} proxy`,
        async () => {
          if (child.exitCode !== null) throw new Error(`proxy exited: ${out}`);
          return (await readyVersion(ports.admin)) === version ? true : null;
        },
        10_000,
        25,
      );
    await waitFor(first.version);
    return {
      gateway,
      port: ports.port,
      output: () => out,
      stop,
      async apply(snapshot) {
        await writeFile(file, JSON.stringify(snapshot));
        await waitFor(snapshot.version);
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
