import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "@/lib/core/yaml/index.ts";
import { gatewayDuration } from "@/lib/core/yaml/gateway-api-shared.ts";
import { validateObject } from "./schemas.ts";

describe("durations", () => {
  it("formats whole seconds as s and the rest as ms", () => {
    expect([formatDuration(7000), formatDuration(2500), formatDuration(1)]).toEqual(["7s", "2500ms", "1ms"]);
  });

  it("parses Go durations and rejects garbage", () => {
    expect([
      parseDuration("7s"),
      parseDuration("1.5s"),
      parseDuration("1m30s"),
      parseDuration("250ms"),
      parseDuration("1h"),
    ]).toEqual([7000, 1500, 90000, 250, 3600000]);
    expect([parseDuration("seven seconds"), parseDuration(""), parseDuration(5), parseDuration("5")]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("Gateway API durations stay within 5 digits per unit", () => {
    expect([gatewayDuration(123456), gatewayDuration(10000), gatewayDuration(0)]).toEqual(["2m3s456ms", "10s", "0s"]);
  });
});

describe("the schema check itself", () => {
  it("rejects a typo and a wrong type, so passing exports mean something", () => {
    const vs = {
      apiVersion: "networking.istio.io/v1",
      kind: "VirtualService",
      metadata: { name: "x" },
      spec: { hosts: ["a"], http: [{ route: [{ destination: { host: "a" }, weigth: 80 }] }] },
    };
    expect(validateObject(vs).ok).toBe(false);
    const hr = {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "x" },
      spec: { rules: [{ backendRefs: [{ name: "a", port: 80, weight: -1 }] }] },
    };
    expect(validateObject(hr).ok).toBe(false);
  });
});
