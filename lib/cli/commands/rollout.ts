import { operations, type StagedRollout } from "../../core/api/index.ts";
import { OUTPUT_OPTION, positionals, positiveInt, stringFlag } from "../args.ts";
import type { Command, CommandContext } from "../command.ts";
import { EXIT_OK, UsageError } from "../errors.ts";
import { outputFormat, render } from "../output.ts";

const ACTIONS = ["status", "resume", "abort"] as const;
type Action = (typeof ACTIONS)[number];

function describe(r: StagedRollout): string {
  const first = r.proxies.filter((p) => p.inFirstStage).map((p) => p.id);
  const lines = [
    `version ${r.version} (previous ${r.previousVersion}): ${r.state}, stage ${r.stage === 0 ? "1 of 2" : "2 of 2"}`,
    `plan: ${r.planText}`,
    `first stage: ${first.length > 0 ? first.join(", ") : "none"}`,
    `touched routes: ${r.touchedRoutes.length > 0 ? r.touchedRoutes.join(", ") : "none"}`,
  ];
  if (r.bakeEndsAt) lines.push(`bake ends: ${r.bakeEndsAt}`);
  if (r.reason) lines.push(`${r.state === "STALLED" ? "stalled because" : "reason"}: ${r.reason}`);
  if (r.abortVersion) lines.push(`restored as version ${r.abortVersion}`);
  return `${lines.join("\n")}\n`;
}

async function status(ctx: CommandContext): Promise<number> {
  const [, version] = positionals(ctx.args, ["ACTION"], 1);
  const format = outputFormat(ctx.args.values);
  if (version !== undefined) {
    const r = await ctx.client().call(operations.getRollout, { params: { version: positiveInt(version, "VERSION") } });
    ctx.io.out(format === "table" ? describe(r) : render(format, r, () => ({ columns: [], rows: [] })));
    return EXIT_OK;
  }
  const res = await ctx.client().call(operations.listRollouts);
  ctx.io.err(
    `Default plan: ${res.defaultPlan.mode === "all-at-once" ? "all at once" : JSON.stringify(res.defaultPlan)}\n`,
  );
  ctx.io.out(
    render(format, res.rollouts, () => ({
      columns: ["version", "state", "stage", "plan", "reason"],
      rows: res.rollouts.map((r) => [String(r.version), r.state, String(r.stage + 1), r.planText, r.reason ?? ""]),
    })),
  );
  return EXIT_OK;
}

async function decide(ctx: CommandContext, action: "resume" | "abort"): Promise<number> {
  const [, version] = positionals(ctx.args, ["ACTION", "VERSION"]);
  const note = stringFlag(ctx.args.values, "note") ?? "";
  const op = action === "resume" ? operations.resumeRollout : operations.abortRollout;
  const r = await ctx.client().call(op, { params: { version: positiveInt(version!, "VERSION") }, body: { note } });
  ctx.io.err(
    action === "resume"
      ? `Resumed the rollout of version ${r.version}: its first stage bakes again\n`
      : `Aborted the rollout of version ${r.version}: version ${r.abortVersion} restores version ${r.previousVersion}'s config on every proxy\n`,
  );
  ctx.io.out(describe(r));
  return EXIT_OK;
}

const RUN: Record<Action, (ctx: CommandContext) => Promise<number>> = {
  status,
  resume: (ctx) => decide(ctx, "resume"),
  abort: (ctx) => decide(ctx, "abort"),
};

export const rollout: Command = {
  name: "rollout",
  summary: "Staged rollouts of published versions: status, resume, abort",
  usage: `${ACTIONS.join("|")} [VERSION]`,
  help: `Actions:
  status [VERSION] [-o FORMAT]   every recent staged rollout, or one with its stage, first-stage proxies and reason
  resume VERSION [--note TEXT]   a stalled rollout bakes its first stage again (gates judge from now on)
  abort VERSION [--note TEXT]    every proxy returns to the previous config (published again as a new version)

A change's plan is chosen when it is approved (signalbox approve --rollout ...), else the console's default
(SIGNALBOX_ROLLOUT_PLAN). Resume and abort need an approver's token.`,
  options: { note: { type: "string" }, ...OUTPUT_OPTION },
  async run(ctx) {
    const action = ctx.args.positionals[0];
    if (!action) throw new UsageError(`missing ACTION: one of ${ACTIONS.join(", ")}`);
    if (!(ACTIONS as readonly string[]).includes(action))
      throw new UsageError(`unknown action "${action}": one of ${ACTIONS.join(", ")}`);
    return RUN[action as Action](ctx);
  },
};
