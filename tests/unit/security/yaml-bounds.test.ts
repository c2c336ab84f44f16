import { describe, expect, it } from "vitest";
import { checkYamlBounds, YAML_LIMITS } from "@/lib/server/config/yaml-bounds.ts";
import { runImport } from "@/lib/server/config/import-pipeline.ts";
import { emptyMesh } from "@/lib/core/index.ts";

const small = { ...YAML_LIMITS, documents: 3, keys: 10, nodes: 50, depth: 4, aliases: 2 };

describe("checkYamlBounds", () => {
  it("accepts what is within every bound", () => {
    expect(checkYamlBounds("a: 1\nb: [1, 2]\n---\nc: {d: e}\n", small)).toBeNull();
  });

  it.each([
    ["documents", "a: 1\n---\nb: 1\n---\nc: 1\n---\nd: 1\n", { document: 3, message: "more than 3 documents" }],
    ["flow depth", "a: [[[[[1]]]]]\n", { document: 0, line: 1, message: "nested deeper than 4" }],
    ["block depth", "a:\n b:\n  c:\n   d:\n    e: 1\n", { document: 0, message: "nested deeper than 4" }],
    ["keys", `${Array.from({ length: 11 }, (_, i) => `k${i}: 1`).join("\n")}\n`, { message: "more than 10 keys" }],
    ["aliases", "a: &a 1\nb: [*a, *a, *a]\n", { line: 2, message: "more than 2 aliases" }],
    [
      "alias expansion",
      `a: &a [${Array.from({ length: 20 }, (_, i) => i).join(", ")}]\nb: &b [*a, *a]\n`,
      { message: expect.stringMatching(/more than 50 nodes/) },
    ],
  ])("refuses too many %s with the document and line", (_what, text, expected) => {
    expect(checkYamlBounds(text, small)).toMatchObject(expected);
  });

  it("refuses a recursive alias instead of looping", () => {
    expect(checkYamlBounds("a: &a [1, *a]\n", small)).toMatchObject({ message: expect.stringMatching(/nodes/) });
  });
});

describe("runImport", () => {
  it("reports a bound violation as an invalid document, never throws", () => {
    const out = runImport({ yaml: "[".repeat(5000) + "]".repeat(5000), mode: "merge", running: emptyMesh() });
    expect(out.ok).toBe(false);
    expect(out.documents[0]).toMatchObject({ index: 0, status: "invalid" });
    expect(out.proposed).toBeNull();
  });
});
