import type { z } from "zod";
import type { ChangeDetailSchema } from "../../core/api/index.ts";
import { OUTPUT_OPTION, positionals } from "../args.ts";
import type { CommandContext } from "../command.ts";
import { EXIT_OK } from "../errors.ts";
import { outputFormat, render } from "../output.ts";
import { formatChange } from "../report.ts";

type ChangeDetail = z.output<typeof ChangeDetailSchema>;

export const CHANGE_OUTPUT_HELP = "  -o, --output FORMAT   a one-line summary (default), or the change as json or yaml";
export const CHANGE_OPTIONS = { ...OUTPUT_OPTION } as const;

/** Shared by approve, reject and submit: one CHANGE argument, one API call, the changed change printed. */
export async function onChange(ctx: CommandContext, act: (id: string) => Promise<ChangeDetail>): Promise<number> {
  const [id] = positionals(ctx.args, ["CHANGE (a change id, see 'signalbox get changes')"]);
  const format = outputFormat(ctx.args.values);
  const detail = await act(id!);
  ctx.io.out(format === "table" ? formatChange(detail) : render(format, detail, () => ({ columns: [], rows: [] })));
  return EXIT_OK;
}
