import { operations } from "../../core/api/index.ts";
import type { Command } from "../command.ts";
import { CliError, EXIT_INVALID, EXIT_OK } from "../errors.ts";
import { formatImport, IMPORT_OPTIONS, importFiles } from "./import.ts";

export const apply: Command = {
  name: "apply",
  summary: "Import YAML as a change and submit it for review; prints the change id",
  usage: "FILE|- [FILE...] [--mode merge|replace] [--title TEXT] [--draft]",
  help: `Like 'import' without --dry-run, then submits the new change for review, so an approver can
'signalbox approve ID' it. The report goes to stderr and only the change id to stdout, for scripts:
  id=$(signalbox apply reviews.yaml) && echo "review $id"
Exits 2 when the YAML or the resulting config is invalid.

Flags:
      --mode MODE    merge (default) or replace
      --title TEXT   title of the change
      --draft        leave the change a draft (do not submit)`,
  options: { ...IMPORT_OPTIONS, draft: { type: "boolean" } },
  async run(ctx) {
    const { io, args } = ctx;
    const { res, sources } = await importFiles(ctx, false);
    io.err(formatImport(res, sources));
    if (!res.ok) return EXIT_INVALID;
    if (!res.changeId) throw new CliError("the console created no change");
    if (res.diff.length === 0) {
      // Nothing to review: withdraw the empty draft rather than leave it lying around.
      await ctx.client().call(operations.discardChange, { params: { id: res.changeId } });
      io.err("nothing to apply: the running config already matches\n");
      return EXIT_OK;
    }
    if (args.values.draft !== true) {
      const submitted = await ctx.client().call(operations.submitChange, { params: { id: res.changeId } });
      io.err(
        `change ${submitted.id} is ${submitted.status}: an approver can run 'signalbox approve ${submitted.id}'\n`,
      );
    } else io.err(`change ${res.changeId} is a DRAFT: submit it with 'signalbox submit ${res.changeId}'\n`);
    io.out(`${res.changeId}\n`);
    return EXIT_OK;
  },
};
