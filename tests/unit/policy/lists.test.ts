import { describe, expect, it } from "vitest";
import {
  freshName,
  removeAt,
  removeKey,
  renameKey,
  replaceAt,
  splitList,
  toggle,
} from "../../../components/policy/lists.ts";

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
