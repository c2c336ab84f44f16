/**
 * Issue 9, item 9: the proxy's admin server (/config shows the whole snapshot, /stats and /metrics the traffic)
 * listens on loopback by default, even when the proxy's listener is bound elsewhere; bound to another address
 * it requires a token (`--admin-token` / SIGNALBOX_PROXY_ADMIN_TOKEN), 401 without it, and the proxy refuses to
 * start without one.
 */
import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { startProxyChild, type ProxyChild } from "../helpers/proxy-child.ts";
import { weightedSnapshot } from "../helpers/snapshot-builder.ts";

const snap = weightedSnapshot(3, "admin.test", { "web/v1": 100 }, { "web/v1": 9 });
const running: ProxyChild[] = [];
afterAll(async () => {
  for (const p of running) await p.kill();
});

const adminPortOf = (p: ProxyChild) => Number(/"admin":(\d+)/.exec(p.output())![1]);

async function statusOf(url: string, headers: Record<string, string> = {}): Promise<number | string> {
  try {
    const res = await fetch(url, { headers });
    await res.body?.cancel();
    return res.status;
  } catch (e) {
    return String((e as { cause?: { code?: string } }).cause?.code ?? e);
  }
}

describe("the proxy's admin server", () => {
  it("listens on loopback (127.0.0.1) by default, not on the listener's address", async () => {
    // 127.0.0.2 is a loopback address other than 127.0.0.1: the listener goes there, the admin server must not.
    const p = await startProxyChild(snap, ["--host", "127.0.0.2", "--admin-port", "0"]);
    running.push(p);
    const admin = adminPortOf(p);
    expect(await statusOf(`http://127.0.0.1:${admin}/ready`)).toBe(200);
    expect(await statusOf(`http://127.0.0.2:${admin}/ready`)).toBe("ECONNREFUSED");
  });

  it("bound to every interface, answers 401 without the admin token and 200 with it", async () => {
    const p = await startProxyChild(snap, [
      "--admin-host",
      "0.0.0.0",
      "--admin-port",
      "0",
      "--admin-token",
      "s3cret-admin",
    ]);
    running.push(p);
    const admin = adminPortOf(p);
    for (const path of ["/config", "/stats", "/metrics", "/ready"])
      expect(await statusOf(`http://127.0.0.1:${admin}${path}`), path).toBe(401);
    expect(await statusOf(`http://127.0.0.1:${admin}/config`, { authorization: "Bearer wrong" })).toBe(401);
    expect(await statusOf(`http://127.0.0.1:${admin}/config`, { authorization: "Bearer s3cret-admin" })).toBe(200);
  });

  it("refuses to start bound off loopback without a token", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "proxy/main.ts", "--id", "a1", "--listen", "0", "--config", "/nonexistent.json"].concat([
        "--admin-host",
        "0.0.0.0",
        "--admin-port",
        "0",
      ]),
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, SIGNALBOX_PROXY_ADMIN_TOKEN: "" } },
    );
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(err).toContain("--admin-token");
  });
});
