import { describe, expect, it } from "vitest";
import { XdsClient } from "../../../proxy/config/xds-client.ts";
import { createLogger } from "../../../proxy/log.ts";
import { closedPort } from "../../helpers/upstreams.ts";

describe("XdsClient against an unreachable console", () => {
  it("reports unreachable once, keeps retrying with backoff, and stops promptly", async () => {
    const port = await closedPort();
    let unreachable = 0;
    let applied = 0;
    const client = new XdsClient({
      consoleUrl: `http://127.0.0.1:${port}`,
      node: "n1",
      backoffBaseMs: 20,
      backoffMaxMs: 40,
      apply: () => {
        applied++;
        return { ok: true, version: 1, hash: "x", unchanged: false };
      },
      runningVersion: () => 0,
      onUnreachable: () => void unreachable++,
      log: createLogger("silent"),
      random: () => 1,
    });
    const outcomes: string[] = [];
    outcomes.push(await client.pollOnce());
    expect(outcomes).toEqual(["error"]);
    client.start();
    const deadline = Date.now() + 2_000;
    while (unreachable === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 150));
    const t0 = Date.now();
    await client.stop();
    expect(Date.now() - t0).toBeLessThan(500);
    expect(unreachable).toBe(1);
    expect(applied).toBe(0);
  });
});
