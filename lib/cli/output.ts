import { stringify } from "yaml";
import { choiceFlag, type Values } from "./args.ts";

const OUTPUT_FORMATS = ["table", "json", "yaml"] as const;
type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const outputFormat = (values: Values): OutputFormat => choiceFlag(values, "output", OUTPUT_FORMATS, "table");

export interface Table {
  columns: string[];
  rows: (string | number | boolean | null | undefined)[][];
}

const cell = (v: string | number | boolean | null | undefined): string =>
  v === null || v === undefined || v === "" ? "<none>" : String(v);

/**
 * kubectl's plain layout: upper-case headers, columns padded to the widest cell and separated by
 * three spaces, no borders, so `awk '{print $1}'` works. The last column is not padded.
 */
export function formatTable(table: Table): string {
  const header = table.columns.map((c) => c.toUpperCase());
  const rows = table.rows.map((r) => r.map(cell));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("   ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}

export const formatJson = (data: unknown): string => `${JSON.stringify(data, null, 2)}\n`;

const formatYaml = (data: unknown): string => stringify(data, { lineWidth: 0, aliasDuplicateObjects: false });

/** `data` as JSON or YAML, or the table built from it; the table is only computed when asked for. */
export function render(format: OutputFormat, data: unknown, table: () => Table): string {
  if (format === "json") return formatJson(data);
  if (format === "yaml") return formatYaml(data);
  return formatTable(table());
}

/** A short relative age as kubectl shows it (`5s`, `3m`, `2h`, `4d`); the full timestamp is in -o json. */
export function age(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "";
  const s = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (Number.isNaN(s)) return iso;
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172_800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}
