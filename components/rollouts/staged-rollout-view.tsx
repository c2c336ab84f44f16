"use client";
import { can, type User } from "@/lib/core/api/index.ts";
import { useRolloutAction, useStagedRollout } from "@/lib/client/hooks/use-staged-rollout.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { Time } from "@/components/ui/time.tsx";

/**
 * A version's staged rollout, live: its stages, which proxies the first one holds, why it stalled, and (for
 * approvers) resume or abort. Renders nothing for a version that went out all at once.
 */
export function StagedRolloutView({ version, user }: { version: number; user: User }) {
  const q = useStagedRollout(version);
  const action = useRolloutAction();
  const r = q.data;
  if (!r) return null;
  const first = r.proxies.filter((p) => p.inFirstStage);
  const rest = r.proxies.filter((p) => !p.inFirstStage);
  const active = r.state === "BAKING" || r.state === "STALLED";
  const stage = (n: 0 | 1, label: string, proxies: typeof first) => {
    const state =
      r.state === "ABORTED"
        ? "aborted"
        : r.stage > n || r.state === "COMPLETED"
          ? "done"
          : r.stage === n
            ? r.state === "STALLED"
              ? "stalled"
              : "baking"
            : "waiting";
    return (
      <li data-testid={`rollout-stage-${n + 1}`} data-state={state}>
        <strong>
          Stage {n + 1}: {label}
        </strong>{" "}
        <Badge value={state} /> ·{" "}
        {proxies.length === 0 ? (
          <span className="muted">no proxy</span>
        ) : (
          proxies.map((p) => (
            <code
              key={p.id}
              title={Object.entries(p.labels)
                .map(([k, v]) => `${k}=${v}`)
                .join(", ")}
            >
              {p.id}
              {p.appliedVersion !== null ? ` (v${p.appliedVersion})` : ""}{" "}
            </code>
          ))
        )}
      </li>
    );
  };
  return (
    <section aria-labelledby="staged-title" data-testid="staged-rollout" data-state={r.state}>
      <h2 id="staged-title">
        Staged rollout <Badge value={r.state} testId="staged-rollout-state" />
      </h2>
      <p className="meta">
        Plan: {r.planText}
        {r.touchedRoutes.length > 0 ? ` · watching routes ${r.touchedRoutes.join(", ")}` : ""}
        {r.bakeEndsAt ? (
          <>
            {" "}
            · bake ends <Time iso={r.bakeEndsAt} />
          </>
        ) : null}
      </p>
      <ol className="stages">
        {stage(0, "first stage", first)}
        {stage(1, "the rest of the fleet", rest)}
      </ol>
      {r.reason ? (
        <div
          className={r.state === "STALLED" ? "alert alert-error" : "alert"}
          role="alert"
          data-testid="staged-rollout-reason"
        >
          {r.state === "STALLED" ? "Stalled: " : ""}
          {r.reason}
          {r.abortVersion ? ` — version ${r.abortVersion} restored version ${r.previousVersion}'s config` : ""}
        </div>
      ) : null}
      {active && can(user.role, "approve") ? (
        <div className="button-group">
          {r.state === "STALLED" ? (
            <button
              type="button"
              disabled={action.isPending}
              onClick={() => action.mutate({ version: r.version, action: "resume", note: "" })}
              data-testid="rollout-resume"
            >
              Resume
            </button>
          ) : null}
          <button
            type="button"
            className="danger"
            disabled={action.isPending}
            onClick={() => action.mutate({ version: r.version, action: "abort", note: "" })}
            data-testid="rollout-abort"
          >
            Abort: every proxy back to version {r.previousVersion}&apos;s config
          </button>
        </div>
      ) : null}
      {action.error ? (
        <p className="text-bad" role="alert">
          {action.error.message}
        </p>
      ) : null}
    </section>
  );
}
