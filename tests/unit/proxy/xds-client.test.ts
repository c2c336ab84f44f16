import { describe, expect, it } from "vitest";
import { XdsClient } from "../../../proxy/config/xds-client.ts";
import { eventually } from "../../helpers/eventually.ts";
import { recordingLogger } from "../../helpers/recording-logger.ts";
import { closedPort } from "../../helpers/upstreams.ts";

describe("XdsClient against an unreachable console", () => {
  it("reports unreachable once, keeps retrying with backoff, and stops promptly", async () => {
    const port = await closedPort();
    let unreachable = 0;
    let applied = 0;
    const logged = recordingLogger();
    const failedPolls = () => logged.count("console unreachable");
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
      log: logged.log,
      random: () => 1,
    });
    const outcomes: string[] = [];
    outcomes.push(await client.pollOnce());
    expect(outcomes).toEqual(["error"]);
    const before = failedPolls();
    client.start();
    // Three more failed polls, each after a backoff: it keeps retrying, and reports unreachable only once.
    await eventually("three retries", () => failedPolls() >= before + 3, 2_000, 10);
    const t0 = Date.now();
    await client.stop();
    expect(Date.now() - t0).toBeLessThan(500);
    expect(unreachable).toBe(1);
    expect(applied).toBe(0);
  });
});
