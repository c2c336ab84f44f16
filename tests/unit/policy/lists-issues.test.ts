import { describe, expect, it } from "vitest";
import type { ApiIssue } from "../../../lib/core/index.ts";
import { errorCount, issuesFor, relativeIssues } from "../../../components/policy/issues.ts";
import {
  freshName,
  removeAt,
  removeKey,
  renameKey,
  replaceAt,
  splitList,
  toggle,
} from "../../../components/policy/lists.ts";

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

describe("issuesFor / errorCount", () => {
  const rel = [issue(["abort", "percent"]), issue(["abort"]), issue(["delay"], "warning")];
  it("matches exactly or deep", () => {
    expect(issuesFor(rel, ["abort"], false)).toHaveLength(1);
    expect(issuesFor(rel, ["abort"])).toHaveLength(2);
    expect(issuesFor(rel, [])).toHaveLength(3);
    expect(issuesFor(rel, [], false)).toHaveLength(0);
  });
  it("counts errors only", () => {
    expect(errorCount(rel, [])).toBe(2);
    expect(errorCount(rel, ["delay"])).toBe(0);
  });
});

describe("list helpers", () => {
  it("splits comma lists", () => {
    expect(splitList(" a, b ,,c ")).toEqual(["a", "b", "c"]);
    expect(splitList("")).toEqual([]);
  });

  it("toggles keeping canonical order", () => {
    const all = ["GET", "POST", "PUT"];
    expect(toggle(["PUT"], "GET", true, all)).toEqual(["GET", "PUT"]);
    expect(toggle(["GET", "PUT"], "GET", false, all)).toEqual(["PUT"]);
    expect(toggle(["GET"], "GET", true, all)).toEqual(["GET"]);
    expect(toggle(["x"], "y", true)).toEqual(["x", "y"]);
  });

  it("replaces and removes by index", () => {
    expect(replaceAt([1, 2, 3], 1, 9)).toEqual([1, 9, 3]);
    expect(removeAt([1, 2, 3], 0)).toEqual([2, 3]);
  });
});

describe("record helpers", () => {
  const rec = { "x-a": "1", "x-b": "2", "x-c": "3" };
  it("renames in place, keeping order", () => {
    expect(Object.keys(renameKey(rec, "x-b", " x-z ")!)).toEqual(["x-a", "x-z", "x-c"]);
    expect(renameKey(rec, "x-b", "x-b")).toBe(rec);
  });
  it("refuses empty and duplicate names", () => {
    expect(renameKey(rec, "x-b", "x-a")).toBeNull();
    expect(renameKey(rec, "x-b", "  ")).toBeNull();
  });
  it("removes keys and finds fresh names", () => {
    expect(removeKey(rec, "x-a")).toEqual({ "x-b": "2", "x-c": "3" });
    expect(freshName([])).toBe("x-header");
    expect(freshName(["x-header", "x-header-2"])).toBe("x-header-3");
  });
});
