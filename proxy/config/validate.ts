import { createHash } from "node:crypto";
import { SnapshotSchema, canonicalJson, type Snapshot } from "../../lib/core/index.ts";
import { checkSnapshotConsistency } from "../../lib/core/snapshot/consistency.ts";

export type Validated = { ok: true; snapshot: Snapshot } | { ok: false; version: number; error: string };

/** Shape, then hash, then cross-references. The error text is what the NACK carries, so it names the field. */
export function validateSnapshot(raw: unknown): Validated {
  const version = guessVersion(raw);
  const parsed = SnapshotSchema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 10)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ");
    return { ok: false, version, error: `invalid snapshot shape: ${detail}` };
  }
  const snapshot = parsed.data;
  // lib/core's contentHash, by the platform's native SHA-256 (a large snapshot hashes many times faster than in JS).
  const actual = createHash("sha256").update(canonicalJson(snapshot.config)).digest("hex");
  if (actual !== snapshot.hash) {
    return { ok: false, version, error: `hash mismatch: snapshot says ${snapshot.hash}, content hashes to ${actual}` };
  }
  const issues = checkSnapshotConsistency(snapshot.config);
  if (issues.length > 0) {
    const detail = issues
      .slice(0, 10)
      .map((i) => `${i.code} at ${i.path.join(".")}: ${i.message}`)
      .join("; ");
    return { ok: false, version, error: `inconsistent snapshot: ${detail}`.slice(0, 4000) };
  }
  return { ok: true, snapshot };
}

function guessVersion(raw: unknown): number {
  if (raw !== null && typeof raw === "object" && "version" in raw) {
    const v = (raw as { version: unknown }).version;
    if (typeof v === "number" && Number.isInteger(v) && v >= 0) return v;
  }
  return 0;
}
