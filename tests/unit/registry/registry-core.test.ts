import { describe, expect, it } from "vitest";
import {
  dampedStep,
  formatGoDuration,
  instanceLabels,
  mergeEndpoints,
  parseConsulRegistration,
  parseGoDuration,
  registeredEndpoints,
  worstStatus,
  type DampedState,
  type HealthStatus,
  type Service,
} from "@/lib/core/index.ts";

describe("Go durations", () => {
  it.each([
    ["10s", 10_000],
    ["1m30s", 90_000],
    ["250ms", 250],
    ["1h", 3_600_000],
    ["1.5s", 1500],
    ["0", 0],
  ])("%s is %d ms", (text, ms) => expect(parseGoDuration(text)).toBe(ms));

  it.each(["", "10", "ten seconds", "10x", "s"])("%j is not a duration", (text) =>
    expect(parseGoDuration(text)).toBeNull(),
  );

  it("prints as Go does", () => {
    expect(formatGoDuration(90_000)).toBe("1m30s");
    expect(formatGoDuration(250)).toBe("250ms");
  });
});

describe("flap damping", () => {
  const damping = { successBeforePassing: 1, failuresBeforeCritical: 2 };
  const run = (start: HealthStatus, results: HealthStatus[]) => {
    let s: DampedState = { status: start, streak: 0, streakStatus: "" };
    return results.map((r) => (s = dampedStep(s, r, damping)).status);
  };

  it("one failure between passes changes nothing; two in a row make it critical", () => {
    expect(run("passing", ["critical", "passing", "critical", "passing"])).toEqual([
      "passing",
      "passing",
      "passing",
      "passing",
    ]);
    expect(run("passing", ["critical", "critical"])).toEqual(["passing", "critical"]);
  });

  it("one success brings a critical check back (successBeforePassing 1)", () => {
    expect(run("critical", ["passing"])).toEqual(["passing"]);
  });

  it("an instance is as healthy as its worst check", () => {
    expect(worstStatus([])).toBe("passing");
    expect(worstStatus(["passing", "warning"])).toBe("warning");
    expect(worstStatus(["warning", "critical", "passing"])).toBe("critical");
  });
});

describe("Consul registrations", () => {
  it("reads Consul's body, case-insensitively, with Consul's defaults", () => {
    const r = parseConsulRegistration(
      {
        name: "reviews",
        port: 9080,
        tags: ["version=v2", "blue"],
        meta: { app: "reviews" },
        check: { http: "http://10.0.0.5:9080/health", interval: "5s", deregister_critical_service_after: "1m" },
      },
      "10.0.0.5",
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.registration).toMatchObject({ id: "reviews", service: "reviews", address: "10.0.0.5", port: 9080 });
    expect(r.registration.checks[0]).toMatchObject({
      id: "service:reviews",
      kind: "http",
      intervalMs: 5000,
      timeoutMs: 5000,
      deregisterAfterMs: 60_000,
      status: "critical",
    });
    expect(instanceLabels(r.registration.tags, r.registration.meta)).toEqual({ version: "v2", app: "reviews" });
  });

  it.each([
    [{ Port: 1 }, /Missing service name/],
    [{ Name: "Reviews", Port: 1 }, /Name/],
    [{ Name: "reviews" }, /Port/],
    [{ Name: "reviews", Port: 1, Check: { HTTP: "http://x/", Interval: "1s", TTL: "1s" } }, /only one/],
    [{ Name: "reviews", Port: 1, Check: { TCP: "nohostport", Interval: "1s" } }, /host:port/],
    [{ Name: "reviews", Port: 1, Kind: "connect-proxy" }, /Kind/],
  ])("%j is refused: %s", (body, message) => {
    const r = parseConsulRegistration(body, "127.0.0.1");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe("registered endpoints", () => {
  const services: Pick<Service, "name" | "versions">[] = [
    {
      name: "reviews",
      versions: [
        { name: "v1", labels: {}, endpoints: [] },
        { name: "v2", labels: { track: "canary" }, endpoints: [] },
      ],
    },
  ];
  const inst = (address: string, labels: Record<string, string>, health: HealthStatus = "passing") => ({
    service: "reviews",
    address,
    port: 9080,
    weight: 1,
    labels,
    health,
  });

  it("selects by the version's labels (version=<name> without labels), leaving critical instances out", () => {
    const out = registeredEndpoints(services, [
      inst("10.0.0.2", { version: "v1" }),
      inst("10.0.0.1", { version: "v1" }, "warning"),
      inst("10.0.0.3", { version: "v1" }, "critical"),
      inst("10.0.0.4", { track: "canary" }),
      { ...inst("10.0.0.5", { version: "v1" }), service: "ratings" },
    ]);
    expect(out).toEqual({
      "reviews/v1": [
        { address: "10.0.0.1", port: 9080, weight: 1 },
        { address: "10.0.0.2", port: 9080, weight: 1 },
      ],
      "reviews/v2": [{ address: "10.0.0.4", port: 9080, weight: 1 }],
    });
  });

  it("static endpoints stay; a registered one at the same address is not added twice", () => {
    const merged = mergeEndpoints(
      [{ address: "10.0.0.1", port: 80, weight: 3 }],
      [
        { address: "10.0.0.1", port: 80, weight: 1 },
        { address: "10.0.0.2", port: 80, weight: 1 },
      ],
    );
    expect(merged).toEqual([
      { address: "10.0.0.1", port: 80, weight: 3 },
      { address: "10.0.0.2", port: 80, weight: 1 },
    ]);
  });
});
