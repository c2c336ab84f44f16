import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ApiIssue, RouteRule, TrafficPolicy } from "../../../lib/core/index.ts";
import { MatchEditor } from "../../../components/policy/match-editor.tsx";
import { RulePolicyPanel } from "../../../components/policy/rule-policy-panel.tsx";
import { TrafficPolicyEditor } from "../../../components/policy/traffic-policy-editor.tsx";
import { FaultEditor } from "../../../components/policy/fault-editor.tsx";

const noop = () => {};
const services = [{ name: "ratings", versions: [{ name: "v1", labels: {}, endpoints: [] }] }];

/** Every input, select and textarea has a <label for> naming it. */
function unlabelled(html: string): string[] {
  const ids = [...html.matchAll(/<(?:input|select|textarea)[^>]*\bid="([^"]+)"/g)].map((m) => m[1]!);
  const fors = new Set([...html.matchAll(/<label[^>]*\bfor="([^"]+)"/g)].map((m) => m[1]!));
  return ids.filter((id) => !fors.has(id));
}

const fullRule: RouteRule = {
  name: "r",
  matches: [],
  destinations: [{ service: "reviews", version: "v1", weight: 100 }],
  timeoutMs: 2000,
  retries: { attempts: 3, retryOn: ["5xx"], backoffBaseMs: 25, maxBufferedBodyBytes: 65536 },
  fault: { delay: { percent: 5, fixedDelayMs: 100 }, abort: { percent: 150, httpStatus: 503 } },
  rewrite: { uriPrefix: "/v2" },
  redirect: { scheme: "https", responseCode: 301 },
  directResponse: { status: 503, body: "down" },
  requestHeaders: { set: { "x-a": "1" }, add: { "x-b": "2" }, remove: ["x-c"] },
  responseHeaders: { set: {}, add: {}, remove: [] },
  mirror: { service: "ratings", version: "v1", percent: 10 },
  cors: {
    allowOrigins: [{ type: "regex", value: ".*" }],
    allowMethods: ["GET"],
    allowHeaders: [],
    exposeHeaders: [],
    maxAgeSeconds: 60,
    allowCredentials: true,
  },
};

describe("FaultEditor", () => {
  it("shows an issue next to the field it names", () => {
    const issues: ApiIssue[] = [
      { path: ["abort", "percent"], message: "Too big: expected number to be <=100", code: "SB001" },
    ];
    const html = renderToStaticMarkup(h(FaultEditor, { value: fullRule.fault, onChange: noop, issues, idPrefix: "f" }));
    expect(html).toContain('data-testid="f-abort-percent-issues"');
    expect(html).toMatch(/id="f-abort-percent"[^>]*aria-invalid="true"/);
    expect(html).not.toContain('data-testid="f-delay-percent-issues"');
    expect(unlabelled(html)).toEqual([]);
  });

  it("renders only the toggles when off", () => {
    const html = renderToStaticMarkup(h(FaultEditor, { value: undefined, onChange: noop, issues: [], idPrefix: "f" }));
    expect(html).toContain('id="f-delay-on"');
    expect(html).not.toContain('id="f-abort-percent"');
  });
});

describe("RulePolicyPanel", () => {
  it("summarises the rule and opens the section with an error", () => {
    const issues: ApiIssue[] = [{ path: ["fault", "abort", "percent"], message: "must be 0..100" }];
    const html = renderToStaticMarkup(
      h(RulePolicyPanel, { value: fullRule, onChange: noop, issues, idPrefix: "p", services }),
    );
    expect(html).toContain("timeout 2 s · 3 retries · fault 5% delay 100 ms, 150% abort 503");
    expect(html).toMatch(/data-testid="p-fault-section" open=""/);
    expect(html).not.toMatch(/data-testid="p-retries-section" open=""/);
    expect(html).toContain('data-testid="p-fault-abort-percent-issues"');
    expect(html).toContain("1 error");
    expect(unlabelled(html)).toEqual([]);
  });
});

describe("TrafficPolicyEditor and MatchEditor", () => {
  it("render every part with labelled controls", () => {
    const tp: TrafficPolicy = {
      loadBalancer: { type: "CONSISTENT_HASH", hashOn: { kind: "cookie", name: "s" } },
      connectionPool: { maxConnections: 10 },
      outlierDetection: { consecutiveErrors: 5, intervalMs: 10000, baseEjectionMs: 30000, maxEjectionPercent: 10 },
      healthCheck: { path: "/h", intervalMs: 5000, timeoutMs: 1000, unhealthyThreshold: 3, healthyThreshold: 2 },
    };
    const html = renderToStaticMarkup(
      h(TrafficPolicyEditor, {
        value: tp,
        onChange: noop,
        issues: [{ path: ["healthCheck", "path"], message: "must start with /" }],
        idPrefix: "t",
      }),
    );
    expect(html).toContain('id="t-loadBalancer-hash-name"');
    expect(html).toContain('data-testid="t-healthCheck-path-issues"');
    expect(unlabelled(html)).toEqual([]);

    const match = {
      uri: { type: "regex" as const, value: "^/a" },
      methods: ["GET"],
      headers: [{ name: "x-user", type: "present" as const, value: "" }],
      queryParams: [{ name: "q", type: "exact" as const, value: "1" }],
    };
    const m = renderToStaticMarkup(
      h(MatchEditor, {
        value: match,
        onChange: noop,
        issues: [{ path: ["uri", "value"], message: "bad regex" }],
        idPrefix: "m",
      }),
    );
    expect(m).toContain('data-testid="m-uri-issues"');
    expect(m).toMatch(/id="m-headers-0-value"[^>]*disabled=""/);
    expect(unlabelled(m)).toEqual([]);
  });
});
