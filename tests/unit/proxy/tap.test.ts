import { describe, expect, it } from "vitest";
import { REDACTED, sampleHeaders, tapMatches, type TapSpec } from "../../../lib/core/index.ts";
import { Tapper, type TapExchange } from "../../../proxy/metrics/tap.ts";

const exchange = (over: Partial<TapExchange> = {}): TapExchange => ({
  method: "GET",
  authority: "reviews.demo",
  path: "/api/x",
  status: 200,
  latencyMs: 1.23456,
  rule: "reviews#0",
  cluster: "reviews/v1",
  upstream: "127.0.0.1:9000",
  headers: { "x-user": "alice", authorization: "Bearer s3cret", cookie: "a=b" },
  ...over,
});
const spec = (over: Partial<TapSpec> = {}): TapSpec => ({
  id: "t1",
  filter: {},
  ratePerSecond: 100,
  until: 2_000_000_000_000,
  ...over,
});
const candidate = (x: TapExchange) => ({
  rule: x.rule,
  status: x.status,
  path: x.path,
  header: (n: string) => x.headers[n] as string | undefined,
});

describe("tap filters", () => {
  it("match a route by name or by rule, a status class or code, a path prefix and a header", () => {
    const x = exchange();
    expect(tapMatches({ route: "reviews" }, candidate(x))).toBe(true);
    expect(tapMatches({ route: "reviews#0" }, candidate(x))).toBe(true);
    expect(tapMatches({ route: "review" }, candidate(x))).toBe(false);
    expect(tapMatches({ status: "2xx" }, candidate(x))).toBe(true);
    expect(tapMatches({ status: "200" }, candidate(x))).toBe(true);
    expect(tapMatches({ status: "5xx" }, candidate(x))).toBe(false);
    expect(tapMatches({ pathPrefix: "/api" }, candidate(x))).toBe(true);
    expect(tapMatches({ pathPrefix: "/apix" }, candidate(x))).toBe(false);
    expect(tapMatches({ header: { name: "X-User", value: "alice" } }, candidate(x))).toBe(true);
    expect(tapMatches({ header: { name: "x-user", value: "bob" } }, candidate(x))).toBe(false);
    expect(tapMatches({ route: "reviews", status: "5xx" }, candidate(x))).toBe(false);
  });

  it("samples carry no credentials", () => {
    const h = sampleHeaders({ Authorization: "Bearer x", cookie: "a", "proxy-authorization": "p", accept: ["a", "b"] });
    expect(h).toEqual({ authorization: REDACTED, cookie: REDACTED, "proxy-authorization": REDACTED, accept: "a, b" });
  });
});

describe("Tapper (the proxy's side)", () => {
  it("is inactive without taps, and with an expired one", () => {
    const t = new Tapper("p1");
    expect(t.active).toBe(false);
    t.update([spec({ until: 1_000 })], 2_000);
    expect(t.active).toBe(false);
    t.update([spec()], 2_000);
    expect(t.active).toBe(true);
    t.update(undefined);
    expect(t.active).toBe(false);
  });

  it("keeps to the rate per second, and stops at `until` without hearing from the console", () => {
    const t = new Tapper("p1");
    t.update([spec({ ratePerSecond: 2, until: 5_500 })], 1_000);
    for (let i = 0; i < 5; i++) t.offer(exchange(), 1_100 + i);
    for (let i = 0; i < 5; i++) t.offer(exchange(), 2_100 + i);
    const taken = t.drain();
    expect(taken).toHaveLength(4);
    expect(taken[0]).toMatchObject({
      tap: "t1",
      proxy: "p1",
      route: "reviews",
      rule: "reviews#0",
      latencyMs: 1.235,
      headers: { "x-user": "alice", authorization: REDACTED, cookie: REDACTED },
    });
    t.offer(exchange(), 6_000);
    expect(t.drain()).toHaveLength(0);
    expect(t.active).toBe(false);
  });
});
