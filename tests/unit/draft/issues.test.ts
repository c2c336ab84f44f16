import { describe, expect, it } from "vitest";
import type { ApiIssue } from "@/lib/core/index.ts";
import { errorCount, hasIssues, issuesAt, normalizeIssues, relativeIssues } from "@/components/draft/issues.ts";

const issue = (path: (string | number)[], severity?: "error" | "warning"): ApiIssue => ({
  path,
  message: "m",
  severity,
});

describe("relativeIssues", () => {
  const all = [
    issue(["routes", 0, "rules", 1, "retries", "attempts"]),
    issue(["routes", 0, "rules", 1, "fault", "abort", "percent"]),
    issue(["routes", 0, "rules", 10, "retries"]),
    issue(["routes", "0", "rules", "1", "timeoutMs"]),
  ];

  it("keeps issues under the prefix and strips it", () => {
    const rule = relativeIssues(all, ["routes", 0, "rules", 1]);
    expect(rule.map((i) => i.path)).toEqual([["retries", "attempts"], ["fault", "abort", "percent"], ["timeoutMs"]]);
    expect(relativeIssues(rule, ["retries"]).map((i) => i.path)).toEqual([["attempts"]]);
  });

  it("does not confuse index 1 with 10", () => {
    expect(relativeIssues(all, ["routes", 0, "rules", 10]).map((i) => i.path)).toEqual([["retries"]]);
  });
});

describe("issuesAt / hasIssues / errorCount", () => {
  const rel = [issue(["abort", "percent"]), issue(["abort"]), issue(["delay"], "warning")];

  it("matches exactly or deep", () => {
    expect(issuesAt(rel, ["abort"])).toHaveLength(1);
    expect(issuesAt(rel, ["abort"], true)).toHaveLength(2);
    expect(issuesAt(rel, [], true)).toHaveLength(3);
    expect(issuesAt(rel, [])).toHaveLength(0);
  });

  it("compares element by element: a name with a dot is one element, a number equals its string", () => {
    const issues = [issue(["set", "x.a"]), issue(["routes", "2", "hosts"])];
    expect(issuesAt(issues, ["set", "x.a"])).toHaveLength(1);
    expect(issuesAt(issues, ["set", "x", "a"])).toHaveLength(0);
    expect(issuesAt(issues, ["routes", 2, "hosts"])).toHaveLength(1);
  });

  it("hasIssues looks below the path", () => {
    expect(hasIssues(rel, ["abort"])).toBe(true);
    expect(hasIssues(rel, ["delay", "percent"])).toBe(false);
  });

  it("counts errors only", () => {
    expect(errorCount(rel, [])).toBe(2);
    expect(errorCount(rel, ["delay"])).toBe(0);
  });
});

describe("normalizeIssues", () => {
  it("drops the leading `proposed` of a change's issues, and leaves other paths", () => {
    expect(normalizeIssues([issue(["proposed", "routes", 0]), issue(["routes", 1])]).map((i) => i.path)).toEqual([
      ["routes", 0],
      ["routes", 1],
    ]);
  });
});
