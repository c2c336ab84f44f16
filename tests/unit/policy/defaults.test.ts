import { describe, expect, it } from "vitest";
import {
  FaultSchema,
  HealthCheckSchema,
  LoadBalancerSchema,
  OutlierDetectionSchema,
  ConnectionPoolSchema,
  RetryPolicySchema,
  RouteRuleSchema,
  type RouteRule,
} from "../../../lib/core/index.ts";
import * as d from "../../../components/policy/defaults.ts";

const rule = (patch: Partial<RouteRule>) =>
  RouteRuleSchema.parse({ name: "r", destinations: [{ service: "a", version: "v1", weight: 100 }], ...patch });

describe("policy defaults", () => {
  it("are valid for the model's schemas and already carry the schema defaults", () => {
    expect(RetryPolicySchema.parse(d.defaultRetries())).toEqual(d.defaultRetries());
    expect(FaultSchema.parse({ delay: d.defaultDelay(), abort: d.defaultAbort() })).toEqual({
      delay: d.defaultDelay(),
      abort: d.defaultAbort(),
    });
    expect(OutlierDetectionSchema.parse(d.defaultOutlierDetection())).toEqual(d.defaultOutlierDetection());
    expect(HealthCheckSchema.parse(d.defaultHealthCheck())).toEqual(d.defaultHealthCheck());
    expect(ConnectionPoolSchema.parse(d.defaultConnectionPool())).toEqual(d.defaultConnectionPool());
    for (const kind of ["header", "cookie", "sourceIp"] as const) {
      expect(() => LoadBalancerSchema.parse({ type: "CONSISTENT_HASH", hashOn: d.defaultHashOn(kind) })).not.toThrow();
    }
  });

  it("parse inside a rule unchanged", () => {
    const patch: Partial<RouteRule> = {
      timeoutMs: d.DEFAULT_TIMEOUT_MS,
      rewrite: d.defaultRewrite(),
      redirect: d.defaultRedirect(),
      directResponse: d.defaultDirectResponse(),
      requestHeaders: d.defaultHeaderOps(),
      responseHeaders: d.defaultHeaderOps(),
      cors: d.defaultCors(),
    };
    expect(rule(patch)).toMatchObject(patch);
  });

  it("mirror to another service's first version when there is one", () => {
    const services = [
      { name: "reviews", versions: [{ name: "v1", labels: {}, endpoints: [] }] },
      { name: "ratings", versions: [{ name: "v2", labels: {}, endpoints: [] }] },
    ];
    expect(d.defaultMirror(services, "reviews")).toEqual({ service: "ratings", version: "v2", percent: 10 });
    expect(d.defaultMirror(services.slice(0, 1), "reviews")).toEqual({
      service: "reviews",
      version: "v1",
      percent: 10,
    });
    expect(d.defaultMirror([])).toMatchObject({ percent: 10 });
  });

  it("hand out fresh objects", () => {
    const a = d.defaultRetries();
    a.retryOn.push("reset");
    expect(d.defaultRetries().retryOn).toEqual(["5xx", "connect-failure", "reset"]);
  });
});
