/**
 * The Consul-compatible port is a second front door: hostile requests there must get nowhere either. Whatever a
 * registration body holds the answer is never a 5xx and a refused one stores nothing; broken URLs, oversized
 * bodies and unknown methods are the client's errors; a token for one service cannot take over, deregister or
 * mark healthy an instance of another.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/ports.ts";
import { FUZZ, runs, timeoutFor } from "./fuzz.ts";
import { asUser, login, send, startTestConsole, type TestConsole } from "./helpers.ts";

let c: TestConsole;
let consul = "";
let ratingsToken = "";
let reviewsToken = "";

const put = (path: string, token: string, body?: string) =>
  send(`${consul}${path}`, { method: "PUT", headers: { "x-consul-token": token }, body });

/** What the registry holds, as a Consul client reads it: the index and every instance of every service. */
async function registryState(token: string): Promise<string> {
  const services = await send(`${consul}/v1/catalog/services`, { headers: { "x-consul-token": token } });
  return `${services.headers["x-consul-index"]}\n${services.text}`;
}

beforeAll(async () => {
  const port = await freePort();
  c = await startTestConsole({ SIGNALBOX_CONSUL_PORT: String(port) });
  consul = `http://127.0.0.1:${port}`;
  const carol = asUser(c, (await login(c, "carol", "carol-admin-pw")).cookie);
  const token = async (name: string, services: string[]) => {
    const r = await carol("POST", "/api/registry/tokens", { name, services });
    expect(r.status, r.text).toBe(201);
    return r.json.secret as string;
  };
  ratingsToken = await token("ratings-only", ["ratings"]);
  reviewsToken = await token("reviews-only", ["reviews"]);
}, 120_000);
afterAll(() => c?.close());

describe("Consul-compatible API under hostile input", () => {
  it(
    "never answers a registration body with a 5xx, and a refused one stores nothing",
    async () => {
      const json = fc.oneof(
        fc.jsonValue().map((v) => JSON.stringify(v)),
        // Registration-shaped objects with arbitrary values in Consul's own fields.
        fc
          .record(
            {
              Name: fc.oneof(fc.constant("ratings"), fc.string(), fc.jsonValue()),
              ID: fc.oneof(fc.string(), fc.jsonValue()),
              Address: fc.oneof(fc.constant("127.0.0.1"), fc.string(), fc.jsonValue()),
              Port: fc.oneof(fc.integer({ min: -70000, max: 70000 }), fc.jsonValue()),
              Meta: fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.jsonValue()),
              Tags: fc.oneof(fc.array(fc.string()), fc.jsonValue()),
              Check: fc.oneof(
                fc.record(
                  { TTL: fc.string(), HTTP: fc.string(), Interval: fc.string(), TCP: fc.string() },
                  {
                    requiredKeys: [],
                  },
                ),
                fc.jsonValue(),
              ),
              Checks: fc.jsonValue(),
            },
            { requiredKeys: [] },
          )
          .map((v) => JSON.stringify(v)),
        fc.string(),
      );
      let known = await registryState(ratingsToken);
      await fc.assert(
        fc.asyncProperty(json, async (body) => {
          const res = await put("/v1/agent/service/register", ratingsToken, body);
          expect(res.status, `${body.slice(0, 200)} → ${res.text.slice(0, 300)}`).toBeLessThan(500);
          const now = await registryState(ratingsToken);
          if (res.status >= 400) expect(now, `refused but stored: ${body.slice(0, 200)}`).toBe(known);
          known = now;
        }),
        { numRuns: runs(60), seed: FUZZ.seed },
      );
    },
    timeoutFor(60, 400),
  );

  it("answers a broken URL, an oversized body and a wrong method as the client's error", async () => {
    const broken = await put("/v1/agent/service/deregister/%E0%A4%A", ratingsToken);
    expect(broken.status, broken.text).toBe(400);
    expect(broken.text).toContain("percent-encoding");
    const huge = await put(
      "/v1/agent/service/register",
      ratingsToken,
      `{"Name":"ratings","x":"${"a".repeat(1_100_000)}"}`,
    );
    expect(huge.status).toBe(413);
    const wrong = await send(`${consul}/v1/agent/service/register`, {
      method: "POST",
      headers: { "x-consul-token": ratingsToken },
      body: "{}",
    });
    expect(wrong.status).toBe(405);
    const badIndex = await send(`${consul}/v1/health/service/ratings?index=-1`, {
      headers: { "x-consul-token": ratingsToken },
    });
    expect(badIndex.status).toBe(400);
    const badWait = await send(`${consul}/v1/health/service/ratings?index=1&wait=forever`, {
      headers: { "x-consul-token": ratingsToken },
    });
    expect(badWait.status).toBe(400);
    expect(badWait.text).toContain("wait");
  });

  it("a token for another service can neither take over an instance id nor touch its checks", async () => {
    const mine = await put(
      "/v1/agent/service/register",
      ratingsToken,
      JSON.stringify({
        ID: "ratings-owned",
        Name: "ratings",
        Port: 9080,
        Check: { CheckID: "ratings-owned-ttl", TTL: "60s" },
      }),
    );
    expect(mine.status, mine.text).toBe(200);
    const before = await registryState(ratingsToken);
    // The same ID registered as a reviews instance would move it out of ratings.
    const takeover = await put(
      "/v1/agent/service/register",
      reviewsToken,
      JSON.stringify({ ID: "ratings-owned", Name: "reviews", Port: 9080 }),
    );
    expect(takeover.status, takeover.text).toBe(403);
    expect((await put("/v1/agent/check/pass/ratings-owned-ttl", reviewsToken)).status).toBe(403);
    const update = await put(
      "/v1/agent/check/update/ratings-owned-ttl",
      reviewsToken,
      JSON.stringify({ Status: "passing", Output: "forged" }),
    );
    expect(update.status).toBe(403);
    expect((await put("/v1/agent/service/deregister/ratings-owned", reviewsToken)).status).toBe(403);
    expect(await registryState(ratingsToken)).toBe(before);
    const health = await send(`${consul}/v1/health/service/ratings`, { headers: { "x-consul-token": ratingsToken } });
    const entry = (health.json as { Service: { ID: string }; Checks: { Status: string; Output: string }[] }[]).find(
      (e) => e.Service.ID === "ratings-owned",
    );
    expect(entry?.Checks[0]?.Status).toBe("critical");
    expect(entry?.Checks[0]?.Output).not.toContain("forged");
  });
});
