import { describe, expect, it } from "vitest";
import {
  effectiveLabels,
  firstStage,
  judgeStage,
  labelListError,
  nodeBucket,
  parseLabelList,
  RolloutPlanSchema,
  touchedRoutes,
  type FleetNode,
} from "@/lib/core/rollout/index.ts";
import { bookinfoMesh } from "@/lib/core/demo/bookinfo.ts";

describe("labels", () => {
  it("parses k=v lists and names what is wrong", () => {
    expect(parseLabelList("canary=true, zone=eu-1")).toEqual({ canary: "true", zone: "eu-1" });
    expect(labelListError("canary")).toBe('"canary" is not key=value');
    expect(labelListError("zone=eu 1")).toMatch(/^zone: /);
    expect(labelListError("")).toBeNull();
  });

  it("console labels override the proxy's own; the gateway is an implicit label", () => {
    expect(effectiveLabels({ zone: "a", canary: "true" }, { zone: "b" }, "edge")).toEqual({
      gateway: "edge",
      zone: "b",
      canary: "true",
    });
  });
});

describe("first stage", () => {
  const fleet: FleetNode[] = Array.from({ length: 200 }, (_, i) => ({
    id: `node-${i}`,
    labels: i % 10 === 0 ? { canary: "true" } : ({} as Record<string, string>),
  }));

  it("selects by every label of the selector", () => {
    const plan = RolloutPlanSchema.parse({ mode: "staged", selector: { canary: "true" } });
    expect(firstStage(plan, fleet)).toHaveLength(20);
    expect(firstStage(plan, fleet).every((id) => Number(id.slice(5)) % 10 === 0)).toBe(true);
  });

  it("picks a percentage by node id, the same on every call and growing with the percentage", () => {
    const ten = firstStage(RolloutPlanSchema.parse({ mode: "staged", percent: 10 }), fleet);
    const fifty = firstStage(RolloutPlanSchema.parse({ mode: "staged", percent: 50 }), fleet);
    expect(ten.length).toBeGreaterThan(5);
    expect(ten.length).toBeLessThan(40);
    expect(ten.every((id) => fifty.includes(id))).toBe(true);
    expect(firstStage(RolloutPlanSchema.parse({ mode: "staged", percent: 10 }), [...fleet].reverse())).toEqual(ten);
    expect(nodeBucket("node-1")).toBe(nodeBucket("node-1"));
  });

  it("refuses a staged plan without a selector or percentage, naming the field", () => {
    const r = RolloutPlanSchema.safeParse({ mode: "staged" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["selector"]);
  });
});

describe("stage gates", () => {
  const gates = RolloutPlanSchema.parse({ mode: "all-at-once" }).gates;
  const quiet = { requests: 100, errorRate: 0.01, p99: 20 };

  it("stops on any NACK, naming the proxy and its error", () => {
    expect(judgeStage([{ node: "p1", error: "bad listener" }], {}, {}, gates)).toEqual({
      ok: false,
      reason: "proxy p1 rejected the version: bad listener",
    });
  });

  it("stops on an error-rate or p99 regression of a touched route, with the figures", () => {
    const worse = judgeStage([], { reviews: quiet }, { reviews: { ...quiet, errorRate: 0.2 } }, gates);
    expect(worse).toEqual({ ok: false, reason: "route reviews: error rate 20.0% vs 1.0% before (allowed +5.0%)" });
    const slower = judgeStage([], { reviews: quiet }, { reviews: { ...quiet, p99: 100 } }, gates);
    expect(slower).toEqual({ ok: false, reason: "route reviews: p99 100 ms vs 20 ms before (allowed ×2)" });
  });

  it("does not judge a route with too little traffic, and passes a steady one", () => {
    expect(judgeStage([], { reviews: quiet }, { reviews: { requests: 3, errorRate: 1, p99: 900 } }, gates).ok).toBe(
      true,
    );
    expect(judgeStage([], { reviews: quiet }, { reviews: quiet }, gates).ok).toBe(true);
  });
});

describe("touched routes", () => {
  it("are the edited routes and those whose service changed", () => {
    const before = bookinfoMesh();
    const after = structuredClone(before);
    after.routes.find((r) => r.name === "reviews")!.rules[0]!.timeoutMs = 500;
    expect(touchedRoutes(before, after)).toEqual(["reviews"]);
    const svc = structuredClone(before);
    svc.services.find((s) => s.name === "details")!.versions[0]!.endpoints = [
      { address: "10.0.0.1", port: 9, weight: 1 },
    ];
    expect(touchedRoutes(before, svc)).toEqual(["details"]);
  });
});
