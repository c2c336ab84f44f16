import { describe, expect, it } from "vitest";
import { importYaml } from "@/lib/core/yaml/index.ts";
import { formatDiff, formatDocumentReport } from "@/lib/cli/report.ts";
import { combine, documentLines, locate } from "@/lib/cli/sources.ts";

const doc = (name: string) =>
  `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ${name}\nspec:\n  host: ${name}\n`;

describe("combine / locate", () => {
  it("joins files with --- and maps stream lines back to file:line", () => {
    const sources = combine([
      { name: "a.yaml", text: doc("a") }, // 6 lines, stream lines 1-6, separator on 7
      { name: "b.yaml", text: "# no trailing newline" }, // line 8, separator on 9
      { name: "c.yaml", text: `${doc("c")}---\n${doc("d")}` }, // lines 10-22
    ]);
    expect(sources.text.split("\n")[6]).toBe("---");
    expect(locate(sources, 3, 5)).toBe("a.yaml:3:5");
    expect(locate(sources, 8)).toBe("b.yaml:1");
    expect(locate(sources, 10)).toBe("c.yaml:1");
    expect(locate(sources, 17)).toBe("c.yaml:8");
    expect(locate(sources, undefined)).toBeUndefined();
  });

  it("numbers documents like the importer does, so every report row has a file:line", () => {
    const sources = combine([
      { name: "a.yaml", text: doc("a") },
      { name: "c.yaml", text: `${doc("c")}---\n${doc("d")}` },
    ]);
    const { report } = importYaml(sources.text);
    const lines = documentLines(sources.text);
    expect(report.documents.map((d) => locate(sources, lines[d.index]))).toEqual(["a.yaml:1", "c.yaml:1", "c.yaml:8"]);
    const text = formatDocumentReport(report.documents, sources);
    expect(text).toMatch(/^c\.yaml:8\s+DestinationRule\s+d\s+imported$/m);
  });

  it("reports YAML syntax errors at the position in their own file", () => {
    const sources = combine([
      { name: "ok.yaml", text: doc("a") },
      { name: "bad.yaml", text: "apiVersion: v1\nkind: X\nmetadata: {name: [\n" },
    ]);
    const { report } = importYaml(sources.text);
    const text = formatDocumentReport(report.documents, sources);
    expect(text).toMatch(/^bad\.yaml:\d+:\d+: invalid: /m);
    expect(text).not.toMatch(/at line \d+, column/);
  });
});

describe("formatDiff", () => {
  it("marks added, removed and changed objects", () => {
    expect(
      formatDiff([
        { kind: "added", entity: "route", name: "ratings", summary: "new route", path: [] },
        { kind: "changed", entity: "route", name: "reviews", summary: "weights 80/20 → 50/50", path: [] },
        { kind: "removed", entity: "service", name: "old", summary: "removed", path: [] },
      ]),
    ).toBe("+ route ratings: new route\n~ route reviews: weights 80/20 → 50/50\n- service old: removed\n");
    expect(formatDiff([])).toBe("no changes to the running config\n");
  });
});
