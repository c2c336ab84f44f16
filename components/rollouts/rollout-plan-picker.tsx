"use client";
import { useState } from "react";
import {
  describePlan,
  formatLabelList,
  labelListError,
  parseLabelList,
  type RolloutPlan,
  type RolloutPlanInput,
} from "@/lib/core/rollout/index.ts";
import { useRollouts } from "@/lib/client/hooks/use-staged-rollout.ts";

type Mode = "default" | "all-at-once" | "selector" | "percent";

const modeOf = (plan: RolloutPlan): Mode =>
  plan.mode === "all-at-once" ? "all-at-once" : plan.selector ? "selector" : "percent";

/**
 * How an approved version reaches the fleet: the console's default plan, all at once, or staged (proxies with some
 * labels, or a share of the fleet, first; bake; then the rest). Reports the plan (undefined = default) or an error.
 */
export function RolloutPlanPicker({
  onChange,
  initial,
  legend = "Rollout",
}: {
  onChange(plan: RolloutPlanInput | undefined, error: string | null): void;
  /** Start from this plan, without the "Default" choice (the default plan's own editor). */
  initial?: RolloutPlan;
  legend?: string;
}) {
  const defaults = useRollouts();
  const [mode, setMode] = useState<Mode>(initial ? modeOf(initial) : "default");
  const [selector, setSelector] = useState(initial?.selector ? formatLabelList(initial.selector) : "canary=true");
  const [percent, setPercent] = useState(String(initial?.percent ?? 10));
  const [bake, setBake] = useState(String(initial?.bakeSeconds ?? 60));

  const report = (m: Mode, sel: string, pct: string, bk: string) => {
    const bakeSeconds = Number(bk);
    if (m === "default") return onChange(undefined, null);
    if (m === "all-at-once") return onChange({ mode: "all-at-once" }, null);
    if (!Number.isInteger(bakeSeconds) || bakeSeconds < 0)
      return onChange(undefined, "Bake: a whole number of seconds");
    if (m === "selector") {
      const error = labelListError(sel);
      if (error || sel.trim() === "") return onChange(undefined, `Selector: ${error ?? "give key=value"}`);
      return onChange({ mode: "staged", selector: parseLabelList(sel), bakeSeconds }, null);
    }
    const p = Number(pct);
    if (!Number.isInteger(p) || p < 1 || p > 100) return onChange(undefined, "Percent: 1..100");
    return onChange({ mode: "staged", percent: p, bakeSeconds }, null);
  };
  const update = (next: Partial<{ mode: Mode; selector: string; percent: string; bake: string }>) => {
    const m = next.mode ?? mode;
    const sel = next.selector ?? selector;
    const pct = next.percent ?? percent;
    const bk = next.bake ?? bake;
    setMode(m);
    setSelector(sel);
    setPercent(pct);
    setBake(bk);
    report(m, sel, pct, bk);
  };

  return (
    <fieldset className="rollout-plan" data-testid="rollout-plan">
      <legend>{legend}</legend>
      <select
        aria-label="Rollout plan"
        value={mode}
        onChange={(e) => update({ mode: e.target.value as Mode })}
        data-testid="rollout-plan-mode"
      >
        {initial ? null : (
          <option value="default">Default ({defaults.data ? describePlan(defaults.data.defaultPlan) : "…"})</option>
        )}
        <option value="all-at-once">All at once</option>
        <option value="selector">Staged: labelled proxies first</option>
        <option value="percent">Staged: a share of the fleet first</option>
      </select>
      {mode === "selector" ? (
        <label>
          Selector{" "}
          <input
            value={selector}
            onChange={(e) => update({ selector: e.target.value })}
            data-testid="rollout-selector"
          />
        </label>
      ) : null}
      {mode === "percent" ? (
        <label>
          Percent{" "}
          <input
            type="number"
            min={1}
            max={100}
            value={percent}
            onChange={(e) => update({ percent: e.target.value })}
            data-testid="rollout-percent"
          />
        </label>
      ) : null}
      {mode === "selector" || mode === "percent" ? (
        <label>
          Bake (s){" "}
          <input
            type="number"
            min={0}
            value={bake}
            onChange={(e) => update({ bake: e.target.value })}
            data-testid="rollout-bake"
          />
        </label>
      ) : null}
    </fieldset>
  );
}
