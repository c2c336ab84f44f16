import { describe, expect, it } from "vitest";
import { healthSummary, type HealthRow } from "@/components/health/health-summary.ts";

const row = (node: string, port: number, state: HealthRow["state"] = "healthy"): HealthRow => ({
  node,
  cluster: "reviews/v1",
  address: "127.0.0.1",
  port,
  state,
  consecutiveErrors: 0,
});

describe("the Proxies page's endpoint health summary", () => {
  it("counts (proxy, endpoint) reports and endpoints apart, and the proxies the table lists", () => {
    const rows = [row("edge-1", 1), row("edge-1", 2, "ejected"), row("sc", 1), row("sc", 2)];
    expect(healthSummary(rows, ["edge-1", "sc"], ["edge-1", "sc"])).toBe(
      "3 of 4 endpoint reports healthy: 2 endpoints seen by 2 proxies.",
    );
  });

  it("names the listed proxies that sent no report, so its count agrees with the table", () => {
    const rows = [row("edge-1", 1)];
    expect(healthSummary(rows, ["edge-1"], ["edge-1", "reviews-v3-sidecar"])).toBe(
      "1 of 1 endpoint report healthy: 1 endpoint seen by 1 of 2 proxies; no report from reviews-v3-sidecar in the last 30 s (an idle proxy reports only changes).",
    );
    const many = ["a", "b", "c", "d"];
    expect(healthSummary(rows, ["edge-1"], ["edge-1", ...many])).toContain("1 of 5 proxies; no report from 4 proxies");
    expect(healthSummary([], [], ["edge-1"])).toBe("No proxy has reported endpoint health yet.");
  });
});
