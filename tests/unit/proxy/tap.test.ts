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

  it("tells listeners the open taps on every update (a --workers primary pushes them to its workers)", () => {
    const t = new Tapper("p1");
    const heard: string[][] = [];
    t.onUpdate((specs) => heard.push(specs.map((x) => x.id)));
    t.update([spec({ id: "a" }), spec({ id: "b", until: 500 })], 1_000);
    t.update(undefined, 1_000);
    expect(heard).toEqual([["a"], []]);
    expect(t.specs()).toEqual([]);
  });

  it("accepts other processes' samples within the node's rate per tap and second; late, closed or expired ones are dropped", () => {
    const primary = new Tapper("p1");
    primary.update([spec({ id: "t1", ratePerSecond: 2, until: 10_000 })], 1_000);
    // Two workers each took samples within their own limit of 2 per second.
    const worker = (at: number[]) => {
      const w = new Tapper("p1");
      w.update([spec({ id: "t1", ratePerSecond: 2, until: 10_000 })], 1_000);
      for (const now of at) w.offer(exchange(), now);
      return w.drain();
    };
    primary.accept(worker([3_100, 3_200, 4_100]));
    primary.accept(worker([3_300, 3_400, 4_200, 2_900]));
    primary.accept([{ ...worker([5_000])[0]!, tap: "closed" }]);
    primary.accept(worker([10_500]));
    const kept = primary.drain().map((x) => x.at);
    // The second worker's 3_300, 3_400 and 2_900 come after second 4 was counted (late); "closed" and 10_500 (past
    // `until`) are dropped.
    expect(kept).toEqual([3_100, 3_200, 4_100, 4_200]);
  });
});
