import { describe, expect, it } from "vitest";
import { unstorableText } from "../../../lib/core/api/storable-text.ts";

describe("unstorableText", () => {
  it("passes well-formed text, emoji (surrogate pairs) included", () => {
    expect(unstorableText({ a: ["x", "😀 ok", { b: "é" }], n: 1, z: null })).toBeNull();
  });
  it("names the first value or key with a NUL or an unpaired surrogate", () => {
    expect(unstorableText({ a: [{ b: "x\u0000" }] })).toEqual({
      path: ["a", 0, "b"],
      message: "contains a NUL character (U+0000), which cannot be stored",
    });
    expect(unstorableText(["ok", "\ud83d"])?.path).toEqual([1]);
    expect(unstorableText({ x: "\ude00y" })?.message).toContain("unpaired UTF-16 surrogate");
    expect(unstorableText({ labels: { "k\u0000": "v" } })).toEqual({
      path: ["labels", "k\u0000"],
      message: "the key contains a NUL character (U+0000), which cannot be stored",
    });
  });
  it("walks deep nesting without recursion", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableText(deep)?.path).toHaveLength(100_000);
  });
});
