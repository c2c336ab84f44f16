import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { age, formatTable, outputFormat, render } from "@/lib/cli/output.ts";

describe("formatTable", () => {
  it("prints kubectl-style columns: upper-case headers, padded, three spaces apart, no trailing blanks", () => {
    const text = formatTable({
      columns: ["name", "host", "versions"],
      rows: [
        ["reviews", "reviews.demo.svc.cluster.local", "v1,v2,v3"],
        ["details", "details.demo", "v1"],
      ],
    });
    expect(text).toBe(
      [
        "NAME      HOST                             VERSIONS",
        "reviews   reviews.demo.svc.cluster.local   v1,v2,v3",
        "details   details.demo                     v1",
        "",
      ].join("\n"),
    );
  });

  it("shows empty cells as <none> and keeps numbers and booleans", () => {
    const text = formatTable({ columns: ["a", "b", "c", "d"], rows: [[null, "", 0, false]] });
    expect(text.split("\n")[1]).toBe("<none>   <none>   0   false");
  });

  it("prints only the header for no rows", () => {
    expect(formatTable({ columns: ["id"], rows: [] })).toBe("ID\n");
  });
});

describe("render", () => {
  const data = [{ name: "reviews", weights: [80, 20] }];
  const table = () => ({ columns: ["name"], rows: [["reviews"]] });

  it("prints JSON and YAML that parse back to the data", () => {
    expect(JSON.parse(render("json", data, table))).toEqual(data);
    expect(parse(render("yaml", data, table))).toEqual(data);
  });

  it("builds the table only for the table format", () => {
    let built = 0;
    render("json", data, () => (built++, table()));
    expect(built).toBe(0);
    expect(render("table", data, table)).toBe("NAME\nreviews\n");
  });

  it("reads -o, defaulting to table and refusing unknown formats", () => {
    expect(outputFormat({})).toBe("table");
    expect(outputFormat({ output: "yaml" })).toBe("yaml");
    expect(() => outputFormat({ output: "wide" })).toThrow(/--output must be one of table, json, yaml/);
  });
});

describe("age", () => {
  const now = Date.parse("2026-01-01T12:00:00Z");
  it("shortens like kubectl", () => {
    expect(age("2026-01-01T11:59:30Z", now)).toBe("30s");
    expect(age("2026-01-01T11:30:00Z", now)).toBe("30m");
    expect(age("2026-01-01T06:00:00Z", now)).toBe("6h");
    expect(age("2025-12-25T12:00:00Z", now)).toBe("7d");
    expect(age(null, now)).toBe("");
  });
});
