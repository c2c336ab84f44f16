import { describe, expect, it } from "vitest";
import type { TrafficPolicy } from "../../../lib/core/index.ts";
import {
  ClusterRuntime,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_PENDING_REQUESTS,
} from "../../../proxy/upstream/clusters.ts";
import { EndpointState } from "../../../proxy/upstream/endpoint.ts";
import { createBalancer } from "../../../proxy/upstream/load-balancer.ts";
import { recordOutcome, sweepOutliers } from "../../../proxy/upstream/outlier.ts";
import { cluster } from "../../helpers/snapshot-builder.ts";

const eps = (...weights: number[]) =>
  weights.map((w, i) => new EndpointState("c/v1", "127.0.0.1", 1000 + i, w, undefined));
const ctx = (over: Partial<{ hashKey: string; random: number; now: number }> = {}) => ({
  hashKey: undefined,
  random: 0.5,
  now: 1_000,
  ...over,
});
const tally = (picks: (EndpointState | null)[]) =>
  picks.reduce<Record<number, number>>((acc, e) => ({ ...acc, [e!.port]: (acc[e!.port] ?? 0) + 1 }), {});

describe("load balancers", () => {
  it("ROUND_ROBIN respects endpoint weights and interleaves", () => {
    const e = eps(3, 1);
    const lb = createBalancer(undefined, e);
    const picks = Array.from({ length: 8 }, () => lb.pick(e, ctx()));
    expect(tally(picks)).toEqual({ 1000: 6, 1001: 2 });
    expect(picks.slice(0, 4).map((p) => p!.port)).toContain(1001);
  });

  it("RANDOM follows the random number over weights", () => {
    const e = eps(1, 3);
    const lb = createBalancer({ type: "RANDOM" }, e);
    expect(lb.pick(e, ctx({ random: 0.2 }))!.port).toBe(1000);
    expect(lb.pick(e, ctx({ random: 0.3 }))!.port).toBe(1001);
  });

  it("LEAST_REQUEST picks the endpoint with the fewest in-flight requests", () => {
    const e = eps(1, 1, 1);
    e[0]!.active = 3;
    e[1]!.active = 1;
    e[2]!.active = 2;
    expect(createBalancer({ type: "LEAST_REQUEST" }, e).pick(e, ctx())!.port).toBe(1001);
  });

  it("LEAST_REQUEST breaks ties by the random number, so idle endpoints share sequential traffic", () => {
    const e = eps(1, 1, 1);
    e[1]!.active = 2;
    const lb = createBalancer({ type: "LEAST_REQUEST" }, e);
    expect(lb.pick(e, ctx({ random: 0 }))!.port).toBe(1000);
    expect(lb.pick(e, ctx({ random: 0.49 }))!.port).toBe(1000);
    expect(lb.pick(e, ctx({ random: 0.5 }))!.port).toBe(1002);
    expect(lb.pick(e, ctx({ random: 0.999999 }))!.port).toBe(1002);
  });

  it("CONSISTENT_HASH keeps a key on one endpoint and moves it only when that endpoint is ejected", () => {
    const e = eps(1, 1, 1);
    const lb = createBalancer({ type: "CONSISTENT_HASH", hashOn: { kind: "header", name: "x-user" } }, e);
    const first = lb.pick(e, ctx({ hashKey: "user-42" }))!;
    for (let i = 0; i < 10; i++) expect(lb.pick(e, ctx({ hashKey: "user-42" }))).toBe(first);
    const spread = new Set(Array.from({ length: 50 }, (_, i) => lb.pick(e, ctx({ hashKey: `u${i}` }))!.port));
    expect(spread.size).toBe(3);
    first.ejectedUntil = 5_000;
    expect(lb.pick(e, ctx({ hashKey: "user-42" }))).not.toBe(first);
  });

  it("skips ejected endpoints, but uses all of them when all are ejected (panic)", () => {
    const e = eps(1, 1);
    e[0]!.ejectedUntil = 2_000;
    const lb = createBalancer(undefined, e);
    for (let i = 0; i < 4; i++) expect(lb.pick(e, ctx())!.port).toBe(1001);
    e[1]!.ejectedUntil = 2_000;
    expect(new Set(Array.from({ length: 4 }, () => lb.pick(e, ctx())!.port)).size).toBe(2);
    expect(lb.pick(e, ctx({ now: 3_000 }))).not.toBeNull();
  });
});

describe("outlier detection", () => {
  const policy = { consecutiveErrors: 3, intervalMs: 1_000, baseEjectionMs: 1_000, maxEjectionPercent: 50 };

  it("ejects after N consecutive failures for baseEjection × times ejected", () => {
    const e = eps(1, 1, 1, 1);
    const target = e[0]!;
    recordOutcome(target, e, true, policy, 0);
    recordOutcome(target, e, true, policy, 0);
    recordOutcome(target, e, false, policy, 0);
    recordOutcome(target, e, true, policy, 0);
    recordOutcome(target, e, true, policy, 0);
    expect(target.isEjected(0)).toBe(false);
    recordOutcome(target, e, true, policy, 0);
    expect(target.ejectedUntil).toBe(1_000);
    for (let i = 0; i < 3; i++) recordOutcome(target, e, true, policy, 5_000);
    expect(target.timesEjected).toBe(2);
    expect(target.ejectedUntil).toBe(7_000);
  });

  it("the interval sweep ends ejections and decays the multiplier after healthy intervals (Envoy's backoff)", () => {
    const e = eps(1, 1, 1, 1);
    const target = e[0]!;
    const fail3 = (now: number) => {
      for (let i = 0; i < 3; i++) recordOutcome(target, e, true, policy, now);
    };
    fail3(0);
    expect(sweepOutliers(e, 500)).toEqual([]);
    expect(sweepOutliers(e, 1_000)).toEqual([target]);
    expect(target.ejectedUntil).toBe(0);
    fail3(1_100); // ejected again right away: twice as long
    expect(target.ejectedUntil).toBe(3_100);
    expect(sweepOutliers(e, 3_100)).toEqual([target]);
    sweepOutliers(e, 4_100); // first healthy tick: starts the interval
    sweepOutliers(e, 5_100); // a whole healthy interval: multiplier 2 -> 1
    fail3(5_200);
    expect(target.ejectedUntil).toBe(7_200);
    expect(target.timesEjected).toBe(3);
  });

  it("caps ejections at maxEjectionPercent", () => {
    const e = eps(1, 1, 1, 1);
    for (const ep of e) for (let i = 0; i < 3; i++) recordOutcome(ep, e, true, policy, 0);
    expect(e.filter((ep) => ep.isEjected(0)).length).toBe(2);
  });
});

describe("connection pool admission", () => {
  const runtime = (pool: NonNullable<TrafficPolicy["connectionPool"]>) =>
    new ClusterRuntime(cluster("c/v1", [{ port: 1 }], { trafficPolicy: { connectionPool: pool } }), eps(1));

  it("refuses over maxConnections without a pending queue", () => {
    const r = runtime({ maxConnections: 1 });
    expect(r.acquire()).toBeNull();
    expect(r.acquire()).toBe("max-connections");
    r.release();
    expect(r.acquire()).toBeNull();
  });

  it("queues up to maxPendingRequests and hands freed slots to waiters in order", async () => {
    const r = runtime({ maxConnections: 1, maxPendingRequests: 1 });
    expect(r.acquire()).toBeNull();
    const waiting = r.acquire();
    expect(waiting).toBeInstanceOf(Promise);
    expect(r.acquire()).toBe("max-pending");
    r.release();
    await expect(waiting).resolves.toBeNull();
    expect(r.active).toBe(1);
  });

  it("bounds a cluster whose policy says nothing by Envoy's defaults: 1,024 active, then 1,024 queued", () => {
    const r = new ClusterRuntime(cluster("c/v1", [{ port: 1 }]), eps(1));
    for (let i = 0; i < DEFAULT_MAX_CONNECTIONS; i++) expect(r.acquire()).toBeNull();
    for (let i = 0; i < DEFAULT_MAX_PENDING_REQUESTS; i++) expect(r.acquire()).toBeInstanceOf(Promise);
    expect(r.acquire()).toBe("max-pending");
    expect(r.active).toBe(1024);
    expect(r.pending).toBe(1024);
  });

  it("takes the default maxConnections when the policy sets only maxPendingRequests", () => {
    const r = runtime({ maxPendingRequests: 2 });
    for (let i = 0; i < DEFAULT_MAX_CONNECTIONS; i++) expect(r.acquire()).toBeNull();
    expect(r.acquire()).toBeInstanceOf(Promise);
    expect(r.acquire()).toBeInstanceOf(Promise);
    expect(r.acquire()).toBe("max-pending");
  });
});
