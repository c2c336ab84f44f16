import { MeshConfigSchema, type MeshConfig } from "../model/index.ts";
import { MESH_RULES } from "./registry.ts";
import { issue, type MeshRule, type ValidationIssue } from "./types.ts";

/** Runs every semantic rule. Never throws: a rule that crashes becomes an SB900 issue. */
export function validateMesh(mesh: MeshConfig, rules: readonly MeshRule[] = MESH_RULES): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const rule of rules) {
    try {
      out.push(...rule.check(mesh));
    } catch (e) {
      out.push(issue("RULE_FAILED", [], `rule ${rule.id} failed: ${e instanceof Error ? e.message : String(e)}`));
    }
  }
  return out;
}

export const hasErrors = (issues: readonly ValidationIssue[]): boolean => issues.some((i) => i.severity === "error");

export type ParseMeshResult = { ok: true; mesh: MeshConfig } | { ok: false; issues: ValidationIssue[] };

/** Shape check with zod; each zod error becomes an SB001 issue naming the field path. */
export function parseMesh(input: unknown): ParseMeshResult {
  const parsed = MeshConfigSchema.safeParse(input);
  if (parsed.success) return { ok: true, mesh: parsed.data };
  const issues = parsed.error.issues.map((zi) =>
    issue(
      "SCHEMA_INVALID",
      zi.path.filter((p): p is string | number => typeof p !== "symbol"),
      zi.message,
    ),
  );
  return { ok: false, issues };
}
