import { operations } from "../../core/api/index.ts";
import { stringFlag } from "../args.ts";
import type { Command } from "../command.ts";
import { UsageError } from "../errors.ts";
import { CHANGE_OPTIONS, CHANGE_OUTPUT_HELP, onChange } from "./decision.ts";

export const reject: Command = {
  name: "reject",
  summary: "Reject a pending change, saying why",
  usage: "CHANGE --note TEXT",
  help: `Needs the approver role. The note is required: the author reads it to know what to fix.

Flags:
      --note TEXT       why the change is rejected (required)
${CHANGE_OUTPUT_HELP}`,
  options: { note: { type: "string" }, ...CHANGE_OPTIONS },
  run: (ctx) => {
    const note = stringFlag(ctx.args.values, "note")?.trim();
    if (!note) throw new UsageError("--note TEXT is required: tell the author why");
    return onChange(ctx, (id) => ctx.client().call(operations.rejectChange, { params: { id }, body: { note } }));
  },
};
