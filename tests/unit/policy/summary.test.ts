import { describe, expect, it } from "vitest";
import { matchSummary } from "../../../components/policy/match-kinds.ts";
import {
  faultSummary,
  loadBalancerSummary,
  policySummary,
  trafficPolicySummary,
} from "../../../components/policy/summary.ts";

describe("policySummary", () => {
  it("describes timeout, retries and fault in one line", () => {
    expect(
      policySummary({
        timeoutMs: 2000,
        retries: { attempts: 3, retryOn: ["5xx"], backoffBaseMs: 25, maxBufferedBodyBytes: 65536 },
        fault: { abort: { percent: 10, httpStatus: 503 } },
      }),
    ).toBe("timeout 2 s · 3 retries · fault 10% abort 503");
  });

  it("says so when nothing is set", () => {
    expect(policySummary({})).toBe("no policies");
  });

  it("uses the singular and zero forms of retries", () => {
    const r = { retryOn: [], backoffBaseMs: 25, maxBufferedBodyBytes: 0 };
    expect(policySummary({ retries: { ...r, attempts: 1 } })).toBe("1 retry");
    expect(policySummary({ retries: { ...r, attempts: 0 } })).toBe("no retries");
  });

  it("covers the other features", () => {
    const s = policySummary({
      rewrite: { uriPrefix: "/v2" },
      redirect: { scheme: "https", responseCode: 301 },
      directResponse: { status: 503, body: "" },
      requestHeaders: { set: { "x-a": "1" }, add: {}, remove: ["x-b", "x-c"] },
      responseHeaders: { set: {}, add: {}, remove: [] },
      mirror: { service: "ratings", version: "v2", percent: 10 },
      cors: {
        allowOrigins: [{ type: "exact", value: "https://a" }],
        allowMethods: [],
        allowHeaders: [],
        exposeHeaders: [],
      },
    });
    expect(s).toBe(
      "rewrite /v2 · redirect 301 → https · respond 503 · request headers set 1 remove 2 · response headers (none) · mirror 10% → ratings/v2 · CORS 1 origin",
    );
  });
});

describe("faultSummary", () => {
  it("lists delay and abort", () => {
    expect(faultSummary({ delay: { percent: 5, fixedDelayMs: 1500 }, abort: { percent: 50, httpStatus: 503 } })).toBe(
      "fault 5% delay 1.5 s, 50% abort 503",
    );
    expect(faultSummary({})).toBe("fault (none)");
  });
});

describe("traffic policy summaries", () => {
  it("names the load balancer", () => {
    expect(loadBalancerSummary({ type: "LEAST_REQUEST" })).toBe("least request");
    expect(loadBalancerSummary({ type: "CONSISTENT_HASH", hashOn: { kind: "header", name: "x-user" } })).toBe(
      "consistent hash on header x-user",
    );
    expect(loadBalancerSummary({ type: "CONSISTENT_HASH", hashOn: { kind: "sourceIp" } })).toBe(
      "consistent hash on source IP",
    );
  });

  it("joins the parts", () => {
    expect(trafficPolicySummary(undefined)).toBe("defaults (round robin)");
    expect(
      trafficPolicySummary({
        loadBalancer: { type: "RANDOM" },
        connectionPool: { maxConnections: 100 },
        outlierDetection: { consecutiveErrors: 5, intervalMs: 10000, baseEjectionMs: 30000, maxEjectionPercent: 10 },
        healthCheck: {
          path: "/healthz",
          intervalMs: 5000,
          timeoutMs: 1000,
          unhealthyThreshold: 3,
          healthyThreshold: 2,
        },
      }),
    ).toBe("random · pool 100 conns · eject after 5 errors · health /healthz every 5 s");
  });
});

describe("matchSummary", () => {
  it("renders every condition", () => {
    expect(
      matchSummary({
        uri: { type: "prefix", value: "/api" },
        methods: ["GET", "POST"],
        authority: { type: "exact", value: "a.demo" },
        headers: [
          { name: "x-user", type: "exact", value: "jason" },
          { name: "x-debug", type: "absent", value: "" },
        ],
        queryParams: [{ name: "v", type: "present", value: "" }],
      }),
    ).toBe("/api* GET|POST authority a.demo x-user=jason x-debug absent ?v");
    expect(matchSummary({ methods: [], headers: [], queryParams: [] })).toBe("any request");
  });
});
