/** The conformance data stays consistent with the upstream index: features, tests, expected failures, README table. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONFORMANCE_TESTS } from "../../conformance/cases/index.ts";
import { EXPECTED_FAILURES } from "../../conformance/expected-failures.ts";
import { FEATURES } from "../../conformance/features.ts";
import { loadReference } from "../../conformance/harness/reference.ts";
import { withFeatureTable } from "../../conformance/harness/readme-section.ts";
import { skipReason } from "../../conformance/harness/run-suite.ts";
import { isPorted } from "../../conformance/harness/types.ts";

const ref = loadReference();

describe("conformance feature list", () => {
  it("names every upstream feature once, with upstream's level and channel", () => {
    const ours = FEATURES.map((f) => ({ name: f.name, level: f.level, channel: f.channel }));
    const upstream = ref.features.map((f) => ({ name: f.name, level: f.level, channel: f.channel }));
    expect(new Set(ours.map((f) => f.name)).size).toBe(ours.length);
    expect([...ours].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [...upstream].sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it("gives a reason for every feature it does not claim", () => {
    for (const f of FEATURES) if (f.claimed !== true) expect(f.claimed.reason.length, f.name).toBeGreaterThan(10);
  });

  it("is what the README's supported-features table shows (npm run conformance:docs)", () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, "..", "..", "..", "README.md"), "utf8");
    expect(withFeatureTable(readme), "README.md is stale: run npm run conformance:docs").toBe(readme);
  });
});

describe("conformance tests", () => {
  const upstreamNames = ref.tests.map((t) => t.name);

  it("has one definition (ported or not, with the reason) for every upstream test, and no other", () => {
    expect(CONFORMANCE_TESTS.map((d) => d.shortName).sort()).toEqual([...upstreamNames].sort());
  });

  it("ports every Core test that checks traffic, with at least one request each", () => {
    for (const d of CONFORMANCE_TESTS) if (isPorted(d)) expect(d.cases.length, d.shortName).toBeGreaterThan(0);
  });

  it("runs every Core test whatever is claimed, and skips an Extended one for its first unclaimed feature", () => {
    const core = ref.tests.find((t) => t.name === "HTTPRouteInvalidReferenceGrant")!;
    expect(core.core).toBe(true);
    expect(skipReason(core)).toBeNull();
    expect(skipReason(ref.tests.find((t) => t.name === "HTTPRouteRetry")!)).toMatch(
      /^feature HTTPRouteRetry not claimed: /,
    );
    expect(skipReason(ref.tests.find((t) => t.name === "HTTPRouteMatching")!)).toBeNull();
  });

  it("lists as expected failures only tests of the run that it would run, each with a reason", () => {
    for (const [name, reason] of Object.entries(EXPECTED_FAILURES)) {
      const test = ref.tests.find((t) => t.name === name);
      expect(test, name).toBeDefined();
      expect(skipReason(test!), name).toBeNull();
      expect(reason.length, name).toBeGreaterThan(10);
    }
  });
});
