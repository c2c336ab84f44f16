import { describe, expect, it } from "vitest";
import { propagationStats } from "@/lib/core/api/index.ts";

describe("propagation stats of a rollout", () => {
  it("are null without any known time", () => {
    expect(propagationStats([])).toBeNull();
  });

  it("take p50 and p99 by nearest rank, and the max", () => {
    expect(propagationStats([40])).toEqual({ p50: 40, p99: 40, max: 40 });
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose
    expect(propagationStats(hundred)).toEqual({ p50: 50, p99: 99, max: 100 });
    expect(propagationStats([300, 10, 20])).toEqual({ p50: 20, p99: 300, max: 300 });
  });
});
