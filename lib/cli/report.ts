import type { z } from "zod";
import type { ApiIssue, ImportDocumentReportSchema, MeshChangeEntry } from "../core/api/index.ts";
import { formatPath, issueLine } from "./client.ts";
import { formatTable } from "./output.ts";
import { documentLines, locate, type Sources } from "./sources.ts";

type DocumentReport = z.input<typeof ImportDocumentReportSchema>;

/**
 * The per-document import report, the same for `convert` (offline) and `import`/`apply` (server):
 * a table of documents by file:line, then one compiler-style `file:line:col: status: path: message`
 * line per issue so editors and grep can jump to it.
 */
export function formatDocumentReport(documents: readonly DocumentReport[], sources: Sources): string {
  if (documents.length === 0) return "no documents found\n";
  const starts = documentLines(sources.text);
  const where = (d: DocumentReport) =>
    locate(sources, starts[d.index] ?? d.issues.find((i) => i.line !== undefined)?.line) ?? `#${d.index}`;
  const table = formatTable({
    columns: ["document", "kind", "name", "status"],
    rows: documents.map((d) => [where(d), d.kind, d.name, d.status]),
  });
  const issues = documents.flatMap((d) =>
    d.issues.map((i) => {
      const at = locate(sources, i.line, i.column) ?? where(d);
      const path = i.path.length > 0 ? `${formatPath(i.path)}: ` : "";
      return `${at}: ${d.status === "imported" ? "note" : d.status}: ${path}${stripPosition(i.message)}`;
    }),
  );
  return table + (issues.length > 0 ? `\n${issues.join("\n")}\n` : "");
}

/** The YAML parser repeats the position in its message, counted in the joined stream: drop it, file:line:col says it. */
const stripPosition = (message: string): string => message.replace(/ at line \d+, column \d+:?$/, "");

/** Semantic issues of the resulting mesh (validateMesh), errors first. */
export function formatMeshIssues(issues: readonly ApiIssue[]): string {
  if (issues.length === 0) return "";
  const sorted = [...issues].sort((a, b) => (a.severity === "warning" ? 1 : 0) - (b.severity === "warning" ? 1 : 0));
  return `\nvalidation of the resulting config:\n${sorted.map(issueLine).join("\n")}\n`;
}

const MARK: Record<MeshChangeEntry["kind"], string> = { added: "+", removed: "-", changed: "~" };

/** `+ route reviews: …` lines, like a terse `kubectl diff`. */
export function formatDiff(diff: readonly MeshChangeEntry[]): string {
  if (diff.length === 0) return "no changes to the running config\n";
  return `${diff.map((d) => `${MARK[d.kind]} ${d.entity} ${d.name}: ${d.summary}`).join("\n")}\n`;
}

export function summarize(documents: readonly DocumentReport[], issues: readonly ApiIssue[]): string {
  const counts = new Map<string, number>();
  for (const d of documents) counts.set(d.status, (counts.get(d.status) ?? 0) + 1);
  const statuses = [...counts].map(([s, n]) => `${n} ${s}`).join(", ");
  const errors = issues.filter((i) => i.severity !== "warning").length;
  const warnings = issues.length - errors;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  return `${plural(documents.length, "document")}${statuses ? ` (${statuses})` : ""}; ${plural(errors, "error")}, ${plural(warnings, "warning")}\n`;
}

/** One line about a change after a decision: what scripts and people need to know next. */
export function formatChange(ch: {
  id: string;
  title: string;
  status: string;
  producedVersion: number | null;
}): string {
  const version = ch.producedVersion !== null ? `, rolled out as version ${ch.producedVersion}` : "";
  return `change ${ch.id} "${ch.title}" is ${ch.status}${version}\n`;
}
