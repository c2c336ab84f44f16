import { operations } from "../../core/api/index.ts";
import { stringFlag } from "../args.ts";
import type { Command } from "../command.ts";
import { CHANGE_OPTIONS, CHANGE_OUTPUT_HELP, onChange } from "./decision.ts";

export const approve: Command = {
  name: "approve",
  summary: "Approve a pending change: compiles it and rolls it out",
  usage: "CHANGE [--note TEXT]",
  help: `Needs the approver role, and the change must be someone else's. Approval publishes a new
config version that proxies pick up at once; the new version number is printed.

Flags:
      --note TEXT       a note for the audit log
${CHANGE_OUTPUT_HELP}`,
  options: { note: { type: "string" }, ...CHANGE_OPTIONS },
  run: (ctx) =>
    onChange(ctx, (id) =>
      ctx
        .client()
        .call(operations.approveChange, { params: { id }, body: { note: stringFlag(ctx.args.values, "note") ?? "" } }),
    ),
};
