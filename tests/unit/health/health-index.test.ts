import { describe, expect, it } from "vitest";
import {
  endpointHealthIndex,
  endpointKey,
  indexEndpointHealth,
  verdictText,
} from "@/components/health/health-index.ts";

const ep = (cluster: string, port: number, state: "healthy" | "ejected" | "unhealthy") => ({
  cluster,
  address: "127.0.0.1",
  port,
  state,
  consecutiveErrors: 0,
});

describe("indexEndpointHealth", () => {
  it("counts each proxy's verdict per endpoint and keeps the worst", () => {
    const index = indexEndpointHealth({
      nodes: [
        {
          node: "a",
          at: 1,
          endpoints: [
            ep("details/v1", 9001, "healthy"),
            ep("details/v1", 9002, "ejected"),
            ep("reviews/v2", 9003, "healthy"),
          ],
        },
        { node: "b", at: 1, endpoints: [ep("details/v1", 9001, "healthy"), ep("details/v1", 9002, "unhealthy")] },
      ],
    });
    expect(index.get(endpointKey("details/v1", "127.0.0.1", 9001))).toEqual({
      healthy: 2,
      ejected: 0,
      unhealthy: 0,
      worst: "healthy",
    });
    expect(index.get(endpointKey("details/v1", "127.0.0.1", 9002))).toEqual({
      healthy: 0,
      ejected: 1,
      unhealthy: 1,
      worst: "unhealthy",
    });
    expect(index.get(endpointKey("reviews/v2", "127.0.0.1", 9003))!.worst).toBe("healthy");
    expect(index.has(endpointKey("reviews/v2", "127.0.0.1", 9999))).toBe(false);
    expect(indexEndpointHealth(undefined).size).toBe(0);
  });

  it("says how many proxies see what", () => {
    expect(verdictText({ healthy: 2, ejected: 0, unhealthy: 0, worst: "healthy" })).toBe("healthy on 2 of 2 proxies");
    expect(verdictText({ healthy: 1, ejected: 1, unhealthy: 0, worst: "ejected" })).toBe("ejected by 1 of 2 proxies");
    expect(verdictText({ healthy: 0, ejected: 1, unhealthy: 1, worst: "unhealthy" })).toBe(
      "unhealthy on 1 of 2 proxies, ejected by 1 of 2 proxies",
    );
    expect(verdictText({ healthy: 0, ejected: 1, unhealthy: 0, worst: "ejected" })).toBe("ejected by 1 of 1 proxy");
  });
});

describe("endpointHealthIndex", () => {
  it("indexes one report once, and a new report again", () => {
    const report = { nodes: [{ node: "a", at: 1, endpoints: [ep("details/v1", 9001, "ejected")] }] };
    const first = endpointHealthIndex(report);
    expect(endpointHealthIndex(report)).toBe(first);
    expect(first.get(endpointKey("details/v1", "127.0.0.1", 9001))!.worst).toBe("ejected");
    const next = { nodes: [{ node: "a", at: 2, endpoints: [ep("details/v1", 9001, "healthy")] }] };
    expect(endpointHealthIndex(next)).not.toBe(first);
    expect(endpointHealthIndex(next).get(endpointKey("details/v1", "127.0.0.1", 9001))!.worst).toBe("healthy");
    expect(endpointHealthIndex(undefined).size).toBe(0);
  });
});
