import { describe, expect, it } from "vitest";
import { CanarySpecSchema, checkCanary, decide, stepDestinations } from "@/lib/core/canary/index.ts";

const spec = CanarySpecSchema.parse({
  route: "reviews",
  stable: "v1",
  canary: "v3",
  steps: [5, 50, 100],
  gates: { minSuccessRate: 99, maxP99Ms: 500, minRequests: 10 },
  maxFailures: 1,
});

describe("canary spec", () => {
  it("refuses steps that do not increase and equal versions, naming the field", () => {
    const r = CanarySpecSchema.safeParse({ route: "r", stable: "v1", canary: "v1", steps: [10, 5] });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toEqual(["canary", "steps"]);
  });
});

describe("canary check", () => {
  it("passes when every gate holds, with the figures", () => {
    expect(checkCanary({ requests: 200, errors: 1, p99: 40 }, spec.gates)).toEqual({
      passed: true,
      message: "200 requests, success 99.5%, p99 40 ms",
    });
  });

  it("names the gate that failed", () => {
    expect(checkCanary({ requests: 4, errors: 0, p99: 1 }, spec.gates)).toMatchObject({ gate: "minRequests" });
    expect(checkCanary({ requests: 100, errors: 5, p99: 1 }, spec.gates)).toMatchObject({
      gate: "successRate",
      message: "100 requests, success 95%, p99 1 ms: success rate below 99%",
    });
    expect(checkCanary({ requests: 100, errors: 0, p99: 900 }, spec.gates)).toMatchObject({ gate: "p99" });
  });
});

describe("canary decision", () => {
  const pass = { passed: true as const, message: "" };
  const fail = { passed: false as const, gate: "p99", message: "" };

  it("advances through the steps and promotes after the last", () => {
    expect(decide(spec, 0, 0, pass)).toEqual({ kind: "advance", stepIndex: 1, weight: 50 });
    expect(decide(spec, 2, 0, pass)).toEqual({ kind: "promote" });
  });

  it("holds while failed checks are tolerated, then rolls back", () => {
    expect(decide(spec, 1, 0, fail)).toEqual({ kind: "hold", failures: 1 });
    expect(decide(spec, 1, 1, fail)).toEqual({ kind: "rollback", failures: 2 });
  });

  it("splits the rule between stable and canary; 100 sends everything to the canary", () => {
    expect(stepDestinations(spec, "reviews", 5)).toEqual([
      { service: "reviews", version: "v1", weight: 95 },
      { service: "reviews", version: "v3", weight: 5 },
    ]);
    expect(stepDestinations(spec, "reviews", 100)).toEqual([{ service: "reviews", version: "v3", weight: 100 }]);
  });
});
