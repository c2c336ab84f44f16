/**
 * The CPU-bound part of a YAML import, from text to report, diff and proposed mesh: bounds, parse, convert,
 * merge, validate. It runs in a worker thread (import-worker.ts) so that a hostile document cannot stall the
 * console. No `import "server-only"`, no database.
 */
import { MeshConfigSchema, type MeshConfig } from "@/lib/core/index.ts";
import { unstorableText, zodApiIssues, type ImportResponse } from "@/lib/core/api/index.ts";
import { importYaml } from "@/lib/core/yaml/index.ts";
import { mergeMesh } from "@/lib/core/select/merge.ts";
import { diffMesh } from "@/lib/core/diff/index.ts";
import { semanticIssues } from "@/lib/server/changes/semantic-issues.ts";
import { checkYamlBounds, YAML_LIMITS, type BoundsViolation } from "./yaml-bounds.ts";

export interface ImportJob {
  yaml: string;
  mode: "merge" | "replace";
  running: MeshConfig;
}

/**
 * What the worker sends back: strings, so that the main thread copies bytes instead of rebuilding a large
 * object graph (that alone could hold the event loop for a few hundred milliseconds).
 */
export interface SerializedOutcome {
  ok: boolean;
  /** How many documents the report has (the default title of the draft counts them). */
  documents: number;
  /** JSON of the ImportResponse without `changeId`. */
  report: string;
  /** JSON of the mesh to propose, when `ok`. */
  proposed: string | null;
}

export function serializeOutcome({ proposed, ...report }: ImportOutcome): SerializedOutcome {
  return {
    ok: report.ok,
    documents: report.documents.length,
    report: JSON.stringify(report),
    proposed: proposed ? JSON.stringify(proposed) : null,
  };
}

/** The report the API answers with (but the change id), and the mesh to propose when everything is clean. */
export type ImportOutcome = Omit<ImportResponse, "changeId"> & { proposed: MeshConfig | null };

/** A refusal reported like a broken document: 422 with the document index and line. */
export function refusedImport(violation: BoundsViolation): ImportOutcome {
  const { document, line, column, message } = violation;
  return {
    ok: false,
    documents: [
      {
        index: document,
        kind: "",
        name: "",
        status: "invalid",
        issues: [{ path: [], message: `refused: ${message}`, line, column }],
      },
    ],
    issues: [],
    diff: [],
    proposed: null,
  };
}

export function runImport(job: ImportJob, limits = YAML_LIMITS): ImportOutcome {
  const violation = checkYamlBounds(job.yaml, limits);
  if (violation) return refusedImport(violation);
  const result = importYaml(job.yaml);
  const documents = result.report.documents.map((d) => ({
    index: d.index,
    kind: d.kind,
    name: d.name,
    status: d.status,
    issues: d.issues.map((i) => ({ path: i.path, message: i.message, line: i.line, column: i.column })),
  }));
  const combined = job.mode === "replace" ? result.mesh : mergeMesh(job.running, result.mesh);
  const shape = MeshConfigSchema.safeParse(combined);
  // A YAML escape ("\0", "\ud800") can make text the database cannot store: an error at its field, not a 500.
  const unstorable = shape.success ? unstorableText(shape.data) : null;
  const issues = shape.success
    ? [...(unstorable ? [{ ...unstorable, severity: "error" as const }] : []), ...semanticIssues(shape.data)]
    : zodApiIssues(shape.error);
  const diff = shape.success ? diffMesh(job.running, shape.data) : [];
  const ok =
    shape.success &&
    documents.length > 0 &&
    documents.every((d) => d.status !== "invalid") &&
    issues.every((i) => i.severity !== "error");
  return { ok, documents, issues, diff, proposed: ok && shape.success ? shape.data : null };
}
