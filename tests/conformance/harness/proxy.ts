import { rename, writeFile } from "node:fs/promises";
import type { Snapshot } from "../../../lib/core/index.ts";
import { eventually } from "../../helpers/eventually.ts";
import { freePort } from "../../helpers/ports.ts";
import { startProxyChild } from "../../helpers/proxy-child.ts";

/**
 * The real proxy process (proxy/main.ts) serving one gateway from a `--config` snapshot file. Tests swap the
 * snapshot by rewriting the file (the proxy polls it) and wait on the admin port's /ready until the new version
 * runs, so one process serves every test of its gateway. It listens on every listener port of the gateway, each
 * bound to a free local port by `--port-map` (a gateway's port 80 is reached on `port`).
 */
export interface GatewayProxy {
  gateway: string;
  /** The local port of the gateway's listener port 80 (else of its lowest listener port). */
  port: number;
  /** The local port of a gateway listener port; undefined when the gateway has no listener there. */
  portFor(listenerPort: number): number | undefined;
  apply(snapshot: Snapshot): Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

async function runningVersion(admin: number): Promise<number | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${admin}/ready`, { signal: AbortSignal.timeout(5_000) });
    const body = (await res.json()) as { version?: unknown };
    return res.ok && typeof body.version === "number" ? body.version : null;
  } catch {
    return null;
  }
}

export async function startGatewayProxy(gateway: string, first: Snapshot, secretsDir: string): Promise<GatewayProxy> {
  const listenerPorts = [...new Set(first.config.listeners.filter((l) => l.gateway === gateway).map((l) => l.port))];
  const local = new Map<number, number>();
  for (const p of listenerPorts.sort((a, b) => a - b)) local.set(p, await freePort());
  const portMap = [...local].map(([p, l]) => `${p}=${l}`).join(",");
  const proxy = await startProxyChild(
    first,
    [
      "--gateway",
      gateway,
      "--admin-port",
      "0",
      "--drain-ms",
      "0",
      "--secrets-dir",
      secretsDir,
      ...(portMap ? ["--port-map", portMap] : []),
    ],
    { listen: local.size === 0 },
  );
  const admin = proxy.adminPort!;
  let lastSize = JSON.stringify(first).length;
  const waitFor = (version: number) =>
    eventually(
      `snapshot version ${version} running on the ${gateway} proxy`,
      async () => {
        if (proxy.child.exitCode !== null) throw new Error(`proxy exited: ${proxy.output()}`);
        return (await runningVersion(admin)) === version;
      },
      30_000,
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
    port: local.get(80) ?? proxy.port,
    portFor: (listenerPort) => local.get(listenerPort),
    output: proxy.output,
    stop: proxy.kill,
    async apply(snapshot) {
      let text = JSON.stringify(snapshot);
      // The proxy notices a new file by mtime and size; two tests' snapshots can have the same size (307 and
      // 308 redirects), so a trailing newline keeps consecutive files apart even within one mtime tick.
      if (text.length === lastSize) text += "\n";
      lastSize = text.length;
      // Written beside it and renamed over it: the proxy never reads a half-written file.
      await writeFile(`${proxy.configFile}.next`, text);
      await rename(`${proxy.configFile}.next`, proxy.configFile);
      await waitFor(snapshot.version).catch((e: unknown) => {
        throw new Error(`${e instanceof Error ? e.message : String(e)}; proxy output: ${proxy.output().slice(-500)}`);
      });
    },
  };
}
