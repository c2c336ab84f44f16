import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ConsoleLongPoll, backoffMs, type LongPollOptions } from "../../../proxy/console/long-poll.ts";
import { eventually } from "../../helpers/eventually.ts";
import { recordingLogger } from "../../helpers/recording-logger.ts";
import { closeServer, closedPort } from "../../helpers/upstreams.ts";

/** A console stand-in: answers each request with the next scripted status (the last one repeats); 0 = never answer. */
async function scriptedConsole(statuses: number[]) {
  const urls: string[] = [];
  const server = http.createServer((req, res) => {
    urls.push(req.url ?? "");
    const status = statuses[Math.min(urls.length, statuses.length) - 1]!;
    if (status === 0) return;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(status === 200 ? JSON.stringify({ n: urls.length }) : status === 304 ? undefined : "boom");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, urls, close: () => closeServer(server) };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function client(consoleUrl: string, extra: Partial<LongPollOptions<"applied">> = {}) {
  const logged = recordingLogger();
  const answers: unknown[] = [];
  const failures: number[] = [];
  const poll = new ConsoleLongPoll<"applied">({
    consoleUrl,
    path: "/api/xds/things",
    query: () => ({ node: "n1", hash: undefined, gateway: "gw" }),
    headers: () => ({ authorization: "Bearer t" }),
    waitMs: 5_000,
    backoffBaseMs: 10,
    backoffMaxMs: 20,
    random: () => 1,
    log: logged.log,
    failedMessage: "things poll failed",
    unreachableMessage: "things poll: console unreachable",
    onAnswer: async (res) => {
      answers.push(await res.json());
      return "applied";
    },
    onFailure: (n) => void failures.push(n),
    ...extra,
  });
  cleanups.push(() => poll.stop());
  return { poll, logged, answers, failures };
}

describe("backoffMs", () => {
  it("doubles its cap per failure up to the maximum, with full jitter but never below half the base", () => {
    const o = { backoffBaseMs: 100, backoffMaxMs: 1_000 };
    expect([1, 2, 3, 4, 10].map((f) => backoffMs(f, { ...o, random: () => 1 }))).toEqual([200, 400, 800, 1_000, 1_000]);
    expect(backoffMs(3, { ...o, random: () => 0.5 })).toBe(400);
    expect(backoffMs(3, { ...o, random: () => 0 })).toBe(50);
    expect(backoffMs(1, { random: () => 1 })).toBe(500);
  });
});

describe("ConsoleLongPoll", () => {
  it("sends the query with waitMs and the headers, hands a 200 to the handler and takes a 304 as nothing new", async () => {
    const console = await scriptedConsole([200, 304]);
    cleanups.push(console.close);
    const { poll, answers, logged } = client(console.url);
    expect(await poll.pollOnce()).toBe("applied");
    expect(await poll.pollOnce()).toBe("not-modified");
    expect(answers).toEqual([{ n: 1 }]);
    const url = new URL(console.urls[0]!, console.url);
    expect(url.pathname).toBe("/api/xds/things");
    expect(Object.fromEntries(url.searchParams)).toEqual({ node: "n1", gateway: "gw", waitMs: "5000" });
    expect(logged.events.filter((e) => e.level !== "info")).toEqual([]);
  });

  it("logs a refused poll with its status, counts failures in a row and starts counting anew after a success", async () => {
    const console = await scriptedConsole([500, 500, 200, 503, 304]);
    cleanups.push(console.close);
    const { poll, logged, failures, answers } = client(console.url);
    poll.start();
    await eventually("five polls", () => console.urls.length >= 5, 5_000, 5);
    await poll.stop();
    expect(failures).toEqual([1, 2, 1]);
    expect(answers).toEqual([{ n: 3 }]);
    const refused = logged.events.filter((e) => e.msg === "things poll failed");
    expect(refused.map((e) => e.fields.status)).toEqual([500, 500, 503]);
    expect(refused[0]!.fields.body).toBe("boom");
  });

  it("a handler's error counts as a failure and backs off like a refused poll", async () => {
    const console = await scriptedConsole([200]);
    cleanups.push(console.close);
    const { poll, failures } = client(console.url, { onAnswer: async () => "error" });
    expect(await poll.pollOnce()).toBe("error");
    poll.start();
    await eventually("two failures", () => failures.length >= 2, 5_000, 5);
    await poll.stop();
    expect(failures.slice(0, 2)).toEqual([1, 2]);
  });

  it("reports an unreachable console as an error with the failure count", async () => {
    const port = await closedPort();
    const { poll, logged } = client(`http://127.0.0.1:${port}`);
    expect(await poll.pollOnce()).toBe("error");
    const [event] = logged.events.filter((e) => e.msg === "things poll: console unreachable");
    expect(event?.fields.failures).toBe(1);
  });

  it("stop() aborts a poll the console holds open, without logging it as unreachable", async () => {
    const console = await scriptedConsole([0]);
    cleanups.push(console.close);
    const { poll, logged, failures } = client(console.url, { waitMs: 600_000 });
    poll.start();
    await eventually("the poll reached the console", () => console.urls.length === 1, 5_000, 5);
    await poll.stop();
    expect(poll.isStopped).toBe(true);
    expect(failures).toEqual([]);
    expect(logged.count("things poll: console unreachable")).toBe(0);
  });

  it("stop() cuts a backoff short", async () => {
    const port = await closedPort();
    // A ten-minute backoff: the test would time out if stop() waited for it.
    const { poll, failures } = client(`http://127.0.0.1:${port}`, { backoffBaseMs: 600_000, backoffMaxMs: 600_000 });
    poll.start();
    await eventually("the first failure", () => failures.length === 1, 5_000, 5);
    await poll.stop();
    expect(failures).toEqual([1]);
  });
});
