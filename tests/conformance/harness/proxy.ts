import { writeFile } from "node:fs/promises";
import type { Snapshot } from "../../../lib/core/index.ts";
import { eventually } from "../../helpers/eventually.ts";
import { startProxyChild } from "../../helpers/proxy-child.ts";

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

async function runningVersion(admin: number): Promise<number | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${admin}/ready`);
    const body = (await res.json()) as { version?: unknown };
    return res.ok && typeof body.version === "number" ? body.version : null;
  } catch {
    return null;
  }
}

export async function startGatewayProxy(gateway: string, first: Snapshot): Promise<GatewayProxy> {
  const proxy = await startProxyChild(first, ["--gateway", gateway, "--admin-port", "0", "--drain-ms", "0"]);
  const admin = proxy.adminPort!;
  const waitFor = (version: number) =>
    eventually(
      `snapshot version ${version} running on the ${gateway} proxy`,
      async () => {
        if (proxy.child.exitCode !== null) throw new Error(`proxy exited: ${proxy.output()}`);
        return (await runningVersion(admin)) === version;
      },
      10_000,
      25,
    );
  try {
    await waitFor(first.version);
  } catch (e) {
    await proxy.kill();
    throw e;
  }
  return {
    gateway,
    port: proxy.port,
    output: proxy.output,
    stop: proxy.kill,
    async apply(snapshot) {
      await writeFile(proxy.configFile, JSON.stringify(snapshot));
      await waitFor(snapshot.version);
    },
  };
}
