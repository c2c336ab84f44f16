import type { ChangeDetail } from "@/lib/core/api/index.ts";
import { Time } from "@/components/ui/time.tsx";

/** Created → submitted → decided → rolled out, with who and when; a discarded change ends where its author withdrew it. */
export function ChangeTimeline({ change }: { change: ChangeDetail }) {
  const author = change.author.displayName || change.author.username;
  const created = { label: "Created", at: change.createdAt, who: author };
  const submitted = { label: "Submitted for review", at: change.submittedAt };
  const steps: { label: string; at: string | null; who?: string; note?: string | null }[] =
    change.status === "DISCARDED"
      ? [created, ...(change.submittedAt ? [submitted] : []), { label: "Discarded", at: change.decidedAt, who: author }]
      : [
          created,
          submitted,
          {
            label: change.status === "REJECTED" ? "Rejected" : "Approved",
            at: change.decidedAt,
            who: change.approver ? change.approver.displayName || change.approver.username : undefined,
            note: change.decisionNote,
          },
          {
            label: `Rolled out${change.producedVersion ? ` as version ${change.producedVersion}` : ""}`,
            at: change.rolledOutAt,
          },
        ];
  return (
    <ol className="timeline" data-testid="change-timeline">
      {steps.map((s) => (
        <li key={s.label} className={s.at ? "done" : "todo"}>
          <span className="timeline-dot" aria-hidden="true" />
          <strong>{s.label}</strong> {s.at ? <Time iso={s.at} /> : <span className="muted">not yet</span>}
          {s.who && s.at ? <span className="muted"> by {s.who}</span> : null}
          {s.note ? <blockquote>{s.note}</blockquote> : null}
        </li>
      ))}
    </ol>
  );
}
