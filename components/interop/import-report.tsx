import type { ImportResponse } from "@/lib/core/api/index.ts";
import { ChangeDiff } from "@/components/changes/change-diff.tsx";
import { IssueList } from "@/components/ui/field-issues.tsx";
import { ImportStatusBadge } from "./import-status-badge.tsx";
import styles from "./interop.module.css";

type Doc = ImportResponse["documents"][number];

/** The YAML parser repeats the position at the end of its message; the report shows it in front already. */
const TRAILING_LOC = /\s*at line \d+, column \d+:?\s*$/;

function location(i: Doc["issues"][number]): string | null {
  if (i.line === undefined) return null;
  return i.column === undefined ? `line ${i.line}` : `line ${i.line}:${i.column}`;
}

function DocIssues({ doc }: { doc: Doc }) {
  if (doc.issues.length === 0) return <span className="muted">—</span>;
  return (
    <ul className={styles.docIssues}>
      {doc.issues.map((i, k) => {
        const loc = location(i);
        return (
          <li key={k} className={doc.status === "invalid" ? undefined : styles.partial} data-testid="import-doc-issue">
            {loc ? <span className={styles.loc}>{loc}</span> : null}
            {i.path.length ? <code className="path">{i.path.join(".")}</code> : null}{" "}
            {loc ? i.message.replace(TRAILING_LOC, "") : i.message}
          </li>
        );
      })}
    </ul>
  );
}

function Summary({ result, stale }: { result: ImportResponse; stale: boolean }) {
  const count = (s: Doc["status"]) => result.documents.filter((d) => d.status === s).length;
  const parts = (["imported", "partial", "unsupported", "invalid"] as const)
    .filter((s) => count(s) > 0)
    .map((s) => `${count(s)} ${s}`);
  return (
    <div className={styles.summary}>
      <span
        className={`badge ${result.ok ? "tone-good" : "tone-bad"}`}
        data-testid="import-ok"
        data-value={String(result.ok)}
      >
        {result.ok ? "ready to import" : "not importable"}
      </span>
      <span>
        {result.documents.length} document{result.documents.length === 1 ? "" : "s"}
        {parts.length ? ` · ${parts.join(" · ")}` : ""}
      </span>
      {stale ? (
        <span className="text-warn" role="status">
          The YAML or mode changed since this check — check again.
        </span>
      ) : null}
    </div>
  );
}

/** The per-document report, the semantic issues of the resulting config and its diff against the running one. */
export function ImportReport({ result, stale }: { result: ImportResponse; stale: boolean }) {
  const invalid = result.documents.some((d) => d.status === "invalid");
  return (
    <section aria-labelledby="import-report-title">
      <h2 id="import-report-title">Report</h2>
      <Summary result={result} stale={stale} />
      {result.documents.length === 0 ? (
        <p className="alert alert-warn" data-testid="import-report">
          No documents found. Paste at least one Istio (networking.istio.io) or Gateway API (gateway.networking.k8s.io)
          object.
        </p>
      ) : (
        <table className="dense" data-testid="import-report">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Kind</th>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Issues</th>
            </tr>
          </thead>
          <tbody>
            {result.documents.map((d) => (
              <tr key={d.index} data-testid="import-doc" data-kind={d.kind} data-name={d.name} data-status={d.status}>
                <td className="num">{d.index + 1}</td>
                <td>{d.kind || <span className="muted">—</span>}</td>
                <td>{d.name ? <code>{d.name}</code> : <span className="muted">—</span>}</td>
                <td>
                  <ImportStatusBadge status={d.status} />
                </td>
                <td>
                  <DocIssues doc={d} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Validation of the resulting config</h2>
      {invalid ? (
        <p className="alert alert-warn" data-testid="import-partial-note">
          Invalid documents are left out: the validation and the diff below cover only the documents that could be read.
        </p>
      ) : null}
      <IssueList
        issues={result.issues}
        empty={invalid ? "No issues in the documents that could be read." : "No issues: the resulting config is valid."}
      />
      <section aria-labelledby="import-diff-title" data-testid="import-diff">
        <h2 id="import-diff-title">Diff against the running config ({result.diff.length})</h2>
        <ChangeDiff diff={result.diff} />
      </section>
    </section>
  );
}
