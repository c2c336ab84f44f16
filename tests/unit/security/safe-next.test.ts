import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/app/login/safe-next.ts";

describe("safeNextPath", () => {
  it.each([
    ["/changes", "/changes"],
    ["/changes/abc?x=1#top", "/changes/abc?x=1#top"],
    ["/routes?host=a%2Fb", "/routes?host=a%2Fb"],
  ])("keeps the same-origin path %s", (raw, want) => {
    expect(safeNextPath(raw)).toBe(want);
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    "/login",
    "/login?next=/x",
    "",
    undefined,
    ["/a", "/b"],
  ])("refuses %j", (raw) => {
    expect(safeNextPath(raw)).toBe("/topology");
  });
});
