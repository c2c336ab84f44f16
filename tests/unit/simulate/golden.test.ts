import { describe, expect, it } from "vitest";
import { SimulatedRequestSchema } from "../../../lib/core/api/simulate.ts";
import { simulate } from "../../../lib/core/simulate/index.ts";
import { loadRouteCheckFixtures, simulationAsRouteCheck } from "../../helpers/route-check-fixtures.ts";

/**
 * The simulator against every golden route-check case (tests/fixtures/route-check): the same route, rule,
 * cluster at the case's random number, rewrites, redirect and direct response the route check pins. The
 * integration test tests/integration/simulate-agreement.test.ts sends the same cases through the real proxy.
 */
const fixtures = loadRouteCheckFixtures();
/** The simulator requires a Host (a user asking "where would this go" has one); the empty-Host case stays the route check's. */
const simulable = (host: string) => host !== "";

describe("simulator agrees with the golden route-check cases", () => {
  for (const f of fixtures) {
    describe(f.file, () => {
      it.each(f.cases.filter((c) => simulable(c.request.host)).map((c) => [c.name, c] as const))("%s", (_name, c) => {
        const s = simulate(f.config, SimulatedRequestSchema.parse({ ...c.request, random: c.random }));
        expect(simulationAsRouteCheck(f.config, s)).toEqual(c.expect);
        // Every rule tried before the verdict's rule is explained as not matching, with a reason.
        const earlier = c.expect ? s.rules.slice(0, -1) : s.rules;
        for (const r of earlier) {
          expect(r.matched).toBe(false);
          expect(r.reason).not.toBe("");
        }
        if (c.expect) expect(s.rules.at(-1)).toMatchObject({ index: c.expect.ruleIndex, matched: true });
      });
    });
  }
});
