import { describe, expect, it } from "vitest";
import { STRING_MATCH_TYPES, takesValue } from "../../../components/policy/match-kinds.ts";

describe("match kinds", () => {
  it("offers prefix first for value matches, then the model's order", () => {
    expect(STRING_MATCH_TYPES).toEqual(["prefix", "exact", "regex"]);
  });

  it("present and absent take no value; the others do", () => {
    expect(["exact", "prefix", "regex", "present", "absent"].filter(takesValue)).toEqual(["exact", "prefix", "regex"]);
  });
});
