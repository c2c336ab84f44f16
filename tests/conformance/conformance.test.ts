/**
 * The Gateway API conformance tests (upstream v1.6.1, ported in cases/) through the real proxy, as vitest tests:
 * one per upstream test. The suite runs once in beforeAll; each test then checks its outcome against the
 * expected-failure list, strictly: a listed test that passes fails with "remove from expected failures".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFORMANCE_TESTS } from "./cases/index.ts";
import { EXPECTED_FAILURES } from "./expected-failures.ts";
import { loadReference } from "./harness/reference.ts";
import { judge, summaryText } from "./harness/report.ts";
import { runSuite, skipReason, type TestResult } from "./harness/run-suite.ts";
import { isPorted } from "./harness/types.ts";

const ref = loadReference();
const definitions = new Map(CONFORMANCE_TESTS.map((d) => [d.shortName, d]));
let results = new Map<string, TestResult>();
let all: TestResult[] = [];

beforeAll(async () => {
  // Expected failures fail on their first mismatch; the others get upstream's retries to converge.
  all = await runSuite(ref, CONFORMANCE_TESTS, { failedAttemptsFor: (name) => (name in EXPECTED_FAILURES ? 1 : 3) });
  results = new Map(all.map((r) => [r.name, r]));
});

afterAll(() => {
  if (all.length > 0) process.stderr.write(summaryText(all));
});

describe("Gateway API conformance (GATEWAY-HTTP)", () => {
  it("agrees with the expected-failure list (and the list names only tests of the run)", () => {
    expect(judge(all, EXPECTED_FAILURES)).toEqual([]);
  });

  for (const test of ref.tests) {
    const def = definitions.get(test.name);
    const skip = skipReason(test) ?? (def === undefined ? "not ported" : isPorted(def) ? null : def.notPorted);
    if (skip !== null) {
      it.skip(`${test.name}: skipped: ${skip}`, () => {});
      continue;
    }
    const expectedFailure = EXPECTED_FAILURES[test.name];
    const title = expectedFailure ? `${test.name} (expected failure: ${expectedFailure})` : test.name;
    it(title, () => {
      const r = results.get(test.name);
      expect(r, `${test.name} did not run`).toBeDefined();
      if (expectedFailure) {
        expect(r!.outcome, `${test.name} passes now: remove from expected failures`).toBe("failed");
      } else {
        const failures = r!.cases.filter((c) => !c.passed).map((c) => `${c.name}: ${c.error}`);
        expect(failures).toEqual([]);
        expect(r!.outcome).toBe("passed");
      }
    });
  }
});
