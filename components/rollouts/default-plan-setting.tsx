"use client";
import { useState } from "react";
import { describePlan, type RolloutPlanInput } from "@/lib/core/rollout/index.ts";
import { useRollouts, useSetDefaultRolloutPlan } from "@/lib/client/hooks/use-staged-rollout.ts";
import { Time } from "@/components/ui/time.tsx";
import { RolloutPlanPicker } from "./rollout-plan-picker.tsx";

/**
 * The console's default rollout plan (approvals that name none use it): shown to everyone, edited by admins. The
 * environment's SIGNALBOX_ROLLOUT_PLAN is only the initial default; once saved here the console setting wins.
 */
export function DefaultPlanSetting({ editable }: { editable: boolean }) {
  const q = useRollouts();
  const save = useSetDefaultRolloutPlan();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<{ plan: RolloutPlanInput | undefined; error: string | null }>({
    plan: undefined,
    error: null,
  });
  const current = q.data;
  if (!current) return null;
  const submit = () => {
    if (!draft.plan) return;
    // The page's form has no fields for the gates: keep the current plan's.
    const plan = draft.plan.mode === "staged" ? { ...draft.plan, gates: current.defaultPlan.gates } : draft.plan;
    save.mutate(plan, { onSuccess: () => setEditing(false) });
  };
  return (
    <section data-testid="default-plan">
      <h2>Default rollout plan</h2>
      <p>
        <strong data-testid="default-plan-text">{describePlan(current.defaultPlan)}</strong>{" "}
        <span className="muted small" data-testid="default-plan-source">
          {current.defaultPlanSource === "console" ? (
            <>
              set by {current.defaultPlanUpdatedBy} <Time iso={current.defaultPlanUpdatedAt} />
            </>
          ) : (
            "from the environment (SIGNALBOX_ROLLOUT_PLAN; unset: all at once)"
          )}
        </span>
      </p>
      <p className="muted small">
        Approvals that pick no plan use it. Staged: the proxies picked first bake before the rest.
      </p>
      {editable && !editing ? (
        <button
          type="button"
          onClick={() => {
            setDraft({ plan: current.defaultPlan, error: null });
            setEditing(true);
          }}
          data-testid="default-plan-edit"
        >
          Change default plan
        </button>
      ) : null}
      {editable && editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <RolloutPlanPicker
            initial={current.defaultPlan}
            legend="Default plan"
            onChange={(plan, error) => setDraft({ plan, error })}
          />
          {draft.error ? (
            <p className="text-bad" role="alert" data-testid="default-plan-invalid">
              {draft.error}
            </p>
          ) : null}
          {save.error ? (
            <p className="alert alert-error" role="alert" data-testid="default-plan-error">
              Could not save the default plan: {save.error.message}
            </p>
          ) : null}
          <button
            type="submit"
            className="primary"
            disabled={save.isPending || draft.plan === undefined || draft.error !== null}
            data-testid="default-plan-save"
          >
            {save.isPending ? "Saving…" : "Save"}
          </button>{" "}
          <button type="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : null}
    </section>
  );
}
