"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { can, type ChangeDetail, type User } from "@/lib/core/api/index.ts";
import { useDecision } from "@/lib/client/hooks/use-decision.ts";
import { useDiscardChange } from "@/lib/client/hooks/use-discard-change.ts";
import { useSubmitChange } from "@/lib/client/hooks/use-submit-change.ts";
import type { RolloutPlanInput } from "@/lib/core/rollout/index.ts";
import { RolloutPlanPicker } from "@/components/rollouts/rollout-plan-picker.tsx";

function ErrorText({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <p className="text-bad" role="alert" data-testid="action-error">
      {error.message}
    </p>
  );
}

/** Submit/discard for the author; approve/reject for other approvers; otherwise an explanation of the rule. */
export function ChangeActions({ change, user }: { change: ChangeDetail; user: User }) {
  const router = useRouter();
  const submit = useSubmitChange();
  const discard = useDiscardChange();
  const decision = useDecision();
  const [note, setNote] = useState("");
  const [plan, setPlan] = useState<{ plan: RolloutPlanInput | undefined; error: string | null }>({
    plan: undefined,
    error: null,
  });
  const isAuthor = change.author.id === user.id;
  const errors = change.issues.filter((i) => i.severity !== "warning").length;

  if (change.status === "DRAFT") {
    if (!isAuthor)
      return (
        <p className="muted" data-testid="approve-rule">
          This is {change.author.username}&apos;s draft; it can be reviewed once submitted.
        </p>
      );
    const blocked =
      errors > 0
        ? "Fix the errors before submitting."
        : change.diff.length === 0
          ? "The draft has no changes yet."
          : null;
    return (
      <div className="actions" data-testid="change-actions">
        <button
          type="button"
          className="primary"
          disabled={!!blocked || submit.isPending}
          onClick={() => submit.mutate(change.id)}
          data-testid="submit-change"
        >
          Submit for review
        </button>
        <button
          type="button"
          className="danger"
          disabled={discard.isPending}
          onClick={() => discard.mutate(change.id, { onSuccess: () => router.push("/changes") })}
          data-testid="discard-change"
        >
          Discard draft
        </button>
        {blocked ? <span className="muted">{blocked}</span> : null}
        <ErrorText error={submit.error ?? discard.error} />
      </div>
    );
  }
  if (change.status !== "PENDING") return null;
  if (isAuthor || !can(user.role, "approve")) {
    const why = isAuthor
      ? "You authored this change, so you cannot approve or reject it: another approver must review it (four-eyes rule)."
      : `Only approvers can approve or reject changes; your role is ${user.role}.`;
    return (
      <div className="actions" data-testid="change-actions">
        <p className="notice" data-testid="approve-rule">
          {why}
        </p>
        {isAuthor ? (
          <button
            type="button"
            className="danger"
            disabled={discard.isPending}
            onClick={() => discard.mutate(change.id)}
            data-testid="withdraw-change"
          >
            Withdraw
          </button>
        ) : null}
        <ErrorText error={discard.error} />
      </div>
    );
  }
  return (
    <div className="actions decision" data-testid="change-actions">
      <label htmlFor="decision-note">Review note (optional)</label>
      <textarea id="decision-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      <RolloutPlanPicker onChange={(p, error) => setPlan({ plan: p, error })} />
      <div className="button-group">
        <button
          type="button"
          className="primary"
          disabled={decision.isPending || errors > 0 || plan.error !== null}
          onClick={() => decision.mutate({ id: change.id, decision: "approve", note, rollout: plan.plan })}
          data-testid="approve-change"
        >
          Approve and roll out
        </button>
        <button
          type="button"
          className="danger"
          disabled={decision.isPending}
          onClick={() => decision.mutate({ id: change.id, decision: "reject", note })}
          data-testid="reject-change"
        >
          Reject
        </button>
        {errors > 0 ? <span className="text-bad">Approval needs zero errors.</span> : null}
        {plan.error ? <span className="text-bad">{plan.error}</span> : null}
      </div>
      <ErrorText error={decision.error} />
    </div>
  );
}
