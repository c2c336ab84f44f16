import { operations } from "../../core/api/index.ts";
import type { Command } from "../command.ts";
import { CHANGE_OPTIONS, CHANGE_OUTPUT_HELP, onChange } from "./decision.ts";

export const submit: Command = {
  name: "submit",
  summary: "Submit your draft change for review",
  usage: "CHANGE",
  help: `The change must be your draft, valid, and differ from the running config.

Flags:
${CHANGE_OUTPUT_HELP}`,
  options: { ...CHANGE_OPTIONS },
  run: (ctx) => onChange(ctx, (id) => ctx.client().call(operations.submitChange, { params: { id } })),
};
