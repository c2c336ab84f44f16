import { operations } from "../../core/api/index.ts";
import { parseLabelList, RolloutPlanSchema, type RolloutPlanInput } from "../../core/rollout/index.ts";
import { stringFlag } from "../args.ts";
import type { Command, CommandContext } from "../command.ts";
import { UsageError } from "../errors.ts";
import { CHANGE_OPTIONS, CHANGE_OUTPUT_HELP, onChange } from "./decision.ts";

/** `--all-at-once`, or `--stage-selector k=v` / `--stage-percent N` with `--bake SECONDS`; nothing: the default. */
function rolloutPlan(ctx: CommandContext): RolloutPlanInput | undefined {
  const v = ctx.args.values;
  const selector = stringFlag(v, "stage-selector");
  const percent = stringFlag(v, "stage-percent");
  const bake = stringFlag(v, "bake");
  if (v["all-at-once"]) {
    if (selector || percent) throw new UsageError("--all-at-once excludes --stage-selector and --stage-percent");
    return { mode: "all-at-once" };
  }
  if (!selector && !percent) {
    if (bake) throw new UsageError("--bake needs --stage-selector or --stage-percent");
    return undefined;
  }
  let labels: Record<string, string> | undefined;
  try {
    labels = selector ? parseLabelList(selector) : undefined;
  } catch (e) {
    throw new UsageError(`--stage-selector: ${e instanceof Error ? e.message : String(e)}`);
  }
  const plan = RolloutPlanSchema.safeParse({
    mode: "staged",
    selector: labels,
    percent: percent === undefined ? undefined : Number(percent),
    bakeSeconds: bake === undefined ? undefined : Number(bake),
  });
  if (!plan.success) throw new UsageError(plan.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  return plan.data;
}

export const approve: Command = {
  name: "approve",
  summary: "Approve a pending change: compiles it and rolls it out",
  usage: "CHANGE [--note TEXT] [--all-at-once | --stage-selector K=V | --stage-percent N] [--bake SECONDS]",
  help: `Needs the approver role, and the change must be someone else's. Approval publishes a new
config version that proxies pick up at once; the new version number is printed.

Flags:
      --note TEXT             a note for the audit log
      --all-at-once           every proxy gets the version at once
      --stage-selector K=V    staged: proxies with these labels first (k=v,k2=v2), then the rest after the bake
      --stage-percent N       staged: N % of the proxies first (by node id)
      --bake SECONDS          how long the first stage bakes while the gates watch (default 60)
  Without a plan flag the console's default plan applies (SIGNALBOX_ROLLOUT_PLAN); see 'signalbox rollout'.
${CHANGE_OUTPUT_HELP}`,
  options: {
    note: { type: "string" },
    "all-at-once": { type: "boolean" },
    "stage-selector": { type: "string" },
    "stage-percent": { type: "string" },
    bake: { type: "string" },
    ...CHANGE_OPTIONS,
  },
  run: (ctx) => {
    const rollout = rolloutPlan(ctx);
    return onChange(ctx, (id) =>
      ctx.client().call(operations.approveChange, {
        params: { id },
        body: { note: stringFlag(ctx.args.values, "note") ?? "", rollout },
      }),
    );
  },
};
