import { operations, type CanaryView } from "../../core/api/index.ts";
import { CanarySpecSchema, type CanarySpecInput } from "../../core/canary/index.ts";
import { OUTPUT_OPTION, positionals, stringFlag } from "../args.ts";
import type { Command, CommandContext } from "../command.ts";
import { EXIT_ERROR, EXIT_OK, UsageError } from "../errors.ts";
import { age, outputFormat, render } from "../output.ts";

const ACTIONS = ["list", "create", "watch", "approve", "pause", "resume", "promote", "abort"] as const;
type Action = (typeof ACTIONS)[number];
const ENDED = ["PROMOTED", "ROLLED_BACK", "ABORTED"];

const number = (ctx: CommandContext, flag: string): number | undefined => {
  const text = stringFlag(ctx.args.values, flag);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new UsageError(`--${flag} must be a number (got "${text}")`);
  return n;
};

function summary(c: CanaryView): string {
  const s = c.spec;
  return (
    `canary ${c.id}: ${s.route} ${s.stable} → ${s.canary}, ${c.state} at ${c.weight}% ` +
    `(steps ${s.steps.join(",")}, every ${s.intervalSeconds}s)${c.reason ? `\n  reason: ${c.reason}` : ""}\n`
  );
}

async function list(ctx: CommandContext): Promise<number> {
  positionals(ctx.args, ["ACTION"]);
  const res = await ctx.client().call(operations.listCanaries);
  ctx.io.out(
    render(outputFormat(ctx.args.values), res.canaries, () => ({
      columns: ["id", "route", "stable", "canary", "state", "weight", "age"],
      rows: res.canaries.map((c) => [
        c.id,
        c.spec.route,
        c.spec.stable,
        c.spec.canary,
        c.state,
        `${c.weight}%`,
        age(c.createdAt),
      ]),
    })),
  );
  return EXIT_OK;
}

async function create(ctx: CommandContext): Promise<number> {
  positionals(ctx.args, ["ACTION"]);
  const route = stringFlag(ctx.args.values, "route");
  const stable = stringFlag(ctx.args.values, "stable");
  const canary = stringFlag(ctx.args.values, "canary");
  if (!route || !stable || !canary) throw new UsageError("--route, --stable and --canary are required");
  const steps = stringFlag(ctx.args.values, "steps");
  const input: CanarySpecInput = {
    route,
    stable,
    canary,
    ruleIndex: number(ctx, "rule"),
    steps: steps?.split(",").map((s) => Number(s.trim())),
    intervalSeconds: number(ctx, "interval"),
    gates: {
      minSuccessRate: number(ctx, "min-success-rate"),
      maxP99Ms: number(ctx, "max-p99-ms"),
      minRequests: number(ctx, "min-requests"),
    },
    maxFailures: number(ctx, "max-failures"),
  };
  // Checked here too, so a typo is reported before anything is sent.
  const parsed = CanarySpecSchema.safeParse(input);
  if (!parsed.success)
    throw new UsageError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const c = await ctx.client().call(operations.createCanary, { body: parsed.data });
  ctx.io.err(`Proposed; another approver starts it with: signalbox canary approve ${c.id}\n`);
  ctx.io.out(`${c.id}\n`);
  return EXIT_OK;
}

/** Prints the timeline as it grows until the canary ends; exit 0 when promoted, 1 otherwise. */
async function watch(ctx: CommandContext): Promise<number> {
  const [, id] = positionals(ctx.args, ["ACTION", "ID"]);
  const every = (number(ctx, "every") ?? 1) * 1000;
  let shown = 0;
  for (;;) {
    const c = await ctx.client().call(operations.getCanary, { params: { id: id! } });
    for (const e of c.events.slice(shown)) ctx.io.out(`${e.at}  ${e.kind.padEnd(11)} ${e.message}\n`);
    shown = c.events.length;
    if (ENDED.includes(c.state)) {
      ctx.io.err(summary(c));
      return c.state === "PROMOTED" ? EXIT_OK : EXIT_ERROR;
    }
    await new Promise((r) => setTimeout(r, every));
  }
}

const ACTION_OPS = {
  approve: operations.approveCanary,
  pause: operations.pauseCanary,
  resume: operations.resumeCanary,
  promote: operations.promoteCanary,
  abort: operations.abortCanary,
} as const;

async function act(ctx: CommandContext, action: keyof typeof ACTION_OPS): Promise<number> {
  const [, id] = positionals(ctx.args, ["ACTION", "ID"]);
  const note = stringFlag(ctx.args.values, "note") ?? "";
  const c = await ctx.client().call(ACTION_OPS[action], { params: { id: id! }, body: { note } });
  ctx.io.out(summary(c));
  return EXIT_OK;
}

const RUN: Record<Action, (ctx: CommandContext) => Promise<number>> = {
  list,
  create,
  watch,
  approve: (ctx) => act(ctx, "approve"),
  pause: (ctx) => act(ctx, "pause"),
  resume: (ctx) => act(ctx, "resume"),
  promote: (ctx) => act(ctx, "promote"),
  abort: (ctx) => act(ctx, "abort"),
};

export const canary: Command = {
  name: "canary",
  summary: "Metric-gated canaries of a route rule: create, watch, approve, pause, resume, promote, abort",
  usage: `${ACTIONS.join("|")} [ID] [flags]`,
  help: `Actions:
  list [-o FORMAT]
  create --route R --stable V --canary V [--rule N] [--steps 5,10,25,50,100] [--interval SECONDS]
         [--min-success-rate PCT] [--max-p99-ms MS] [--min-requests N] [--max-failures N]
                                 proposes a canary; prints its id
  watch ID [--every SECONDS]     follows the step timeline until it ends (exit 0 promoted, 1 rolled back/aborted)
  approve ID [--note TEXT]       another approver starts it; the approval authorizes every step
  pause|resume ID [--note TEXT]
  promote ID [--note TEXT]       the canary becomes the stable target now
  abort ID [--note TEXT]         the rule returns to its starting weights
approve, pause, resume, promote and abort need an approver's token.`,
  options: {
    route: { type: "string" },
    stable: { type: "string" },
    canary: { type: "string" },
    rule: { type: "string" },
    steps: { type: "string" },
    interval: { type: "string" },
    "min-success-rate": { type: "string" },
    "max-p99-ms": { type: "string" },
    "min-requests": { type: "string" },
    "max-failures": { type: "string" },
    every: { type: "string" },
    note: { type: "string" },
    ...OUTPUT_OPTION,
  },
  async run(ctx) {
    const action = ctx.args.positionals[0];
    if (!action) throw new UsageError(`missing ACTION: one of ${ACTIONS.join(", ")}`);
    if (!(ACTIONS as readonly string[]).includes(action))
      throw new UsageError(`unknown action "${action}": one of ${ACTIONS.join(", ")}`);
    return RUN[action as Action](ctx);
  },
};
