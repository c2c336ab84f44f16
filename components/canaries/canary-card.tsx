"use client";
import { can, type CanaryView, type User } from "@/lib/core/api/index.ts";
import { useCanaryAction, type CanaryAction } from "@/lib/client/hooks/use-canaries.ts";
import { useMetrics } from "@/lib/client/hooks/use-metrics.ts";
import { MetricChart } from "@/components/metrics/metric-chart.tsx";
import { pivot, smoothRates } from "@/components/metrics/series.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { Time } from "@/components/ui/time.tsx";

/** The stable and canary versions' traffic through the canary's route, live, one line per version. */
function CanaryChart({ canary }: { canary: CanaryView }) {
  const metrics = useMetrics("edge", 120);
  const keys = [canary.spec.stable, canary.spec.canary];
  // Edge keys are `route>service/version`; the canary's rule routes to one service, so the version names the line.
  const versionOf = (key: string) =>
    key.startsWith(`${canary.spec.route}>`) ? keys.find((v) => key.endsWith(`/${v}`)) : undefined;
  const points = (metrics.data?.points ?? []).flatMap((p) => {
    const version = versionOf(p.key);
    return version ? [{ ...p, key: version }] : [];
  });
  return (
    <div className="two-col">
      <MetricChart
        title="Requests"
        unit="req/s"
        rows={smoothRates(pivot(points, keys, ["rps"]), keys)}
        keys={keys}
        metrics={["rps"]}
        testId={`canary-chart-rps-${canary.id}`}
      />
      <MetricChart
        title="Errors"
        unit="% 5xx"
        rows={pivot(points, keys, ["errorRate"])}
        keys={keys}
        metrics={["errorRate"]}
        testId={`canary-chart-errors-${canary.id}`}
      />
    </div>
  );
}

const ACTIONS: { action: CanaryAction; label: string; when: string[]; needs: "edit" | "approve"; danger?: boolean }[] =
  [
    { action: "approve", label: "Approve and start", when: ["PENDING"], needs: "approve" },
    { action: "pause", label: "Pause", when: ["RUNNING"], needs: "edit" },
    { action: "resume", label: "Resume", when: ["PAUSED"], needs: "edit" },
    { action: "promote", label: "Promote now", when: ["RUNNING", "PAUSED"], needs: "approve" },
    { action: "abort", label: "Abort", when: ["PENDING", "RUNNING", "PAUSED"], needs: "edit", danger: true },
  ];

export function CanaryCard({ canary: c, user }: { canary: CanaryView; user: User }) {
  const act = useCanaryAction();
  const live = ["RUNNING", "PAUSED"].includes(c.state);
  const actions = can(user.role, "approve") ? ACTIONS.filter((a) => a.when.includes(c.state)) : [];
  return (
    <article className="card canary" data-testid={`canary-${c.id}`} data-state={c.state}>
      <h2>
        {c.spec.route}: {c.spec.stable} → {c.spec.canary} <Badge value={c.state} testId="canary-state" />{" "}
        <span className="muted" data-testid="canary-weight" data-value={c.weight}>
          canary at {c.weight}%
        </span>
      </h2>
      <p className="meta">
        Steps {c.spec.steps.map((s, i) => (i === c.stepIndex ? `[${s}]` : String(s))).join(" → ")} % every{" "}
        {c.spec.intervalSeconds} s · gates: success ≥ {c.spec.gates.minSuccessRate}%, p99 ≤ {c.spec.gates.maxP99Ms} ms,
        ≥ {c.spec.gates.minRequests} requests · {c.failures}/{c.spec.maxFailures} failed checks tolerated · by{" "}
        {c.author}
        {c.approver ? `, approved by ${c.approver}` : ""}
        {c.nextCheckAt && c.state === "RUNNING" ? (
          <>
            {" "}
            · next check <Time iso={c.nextCheckAt} />
          </>
        ) : null}
      </p>
      {c.state === "PENDING" && c.author === user.username ? (
        <p className="notice">You proposed this canary: another approver must start it (four-eyes rule).</p>
      ) : null}
      {c.reason ? (
        <div
          className={c.state === "ROLLED_BACK" ? "alert alert-error" : "alert"}
          role="alert"
          data-testid="canary-reason"
        >
          {c.state === "ROLLED_BACK" ? "Rolled back: " : ""}
          {c.reason}
        </div>
      ) : null}
      {actions.length > 0 ? (
        <div className="button-group">
          {actions.map((a) => (
            <button
              key={a.action}
              type="button"
              className={a.danger ? "danger" : a.action === "approve" ? "primary" : undefined}
              disabled={act.isPending || (a.action === "approve" && c.author === user.username)}
              onClick={() => act.mutate({ id: c.id, action: a.action })}
              data-testid={`canary-${a.action}`}
            >
              {a.label}
            </button>
          ))}
        </div>
      ) : null}
      {act.error ? (
        <p className="text-bad" role="alert">
          {act.error.message}
        </p>
      ) : null}
      {live ? <CanaryChart canary={c} /> : null}
      <h3>Timeline</h3>
      <ol className="timeline" data-testid="canary-timeline">
        {c.events.map((e, i) => (
          <li key={i} data-kind={e.kind}>
            <Time iso={e.at} /> <strong>{e.kind}</strong> {e.message}
            {e.version !== null ? <span className="muted"> (version {e.version})</span> : null}
          </li>
        ))}
      </ol>
    </article>
  );
}
