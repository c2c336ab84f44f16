import { operations, type ImportResponse } from "../../core/api/index.ts";
import { choiceFlag, OUTPUT_OPTION, stringFlag } from "../args.ts";
import type { Command, CommandContext } from "../command.ts";
import { EXIT_INVALID, EXIT_OK } from "../errors.ts";
import { outputFormat, render } from "../output.ts";
import { formatDiff, formatDocumentReport, formatMeshIssues, summarize } from "../report.ts";
import { readSources, type Sources } from "../sources.ts";

export const IMPORT_OPTIONS = {
  mode: { type: "string" },
  title: { type: "string" },
} as const;

/** Sends the files to POST /api/import; shared by `import` and `apply`. */
export async function importFiles(
  ctx: CommandContext,
  dryRun: boolean,
): Promise<{ res: ImportResponse; sources: Sources }> {
  const sources = await readSources(ctx.args.positionals, ctx.io);
  const mode = choiceFlag(ctx.args.values, "mode", ["merge", "replace"] as const, "merge");
  const title = stringFlag(ctx.args.values, "title");
  // An invalid import is answered 422 with the full report, which is what the user needs to see.
  const res = await ctx
    .client()
    .call(operations.importYaml, { body: { yaml: sources.text, dryRun, mode, title }, acceptStatus: [422] });
  return { res, sources };
}

/** The report, semantic issues, diff and a summary, as `import` prints them. */
export function formatImport(res: ImportResponse, sources: Sources): string {
  return `${formatDocumentReport(res.documents, sources)}${formatMeshIssues(res.issues)}\n${formatDiff(res.diff)}\n${summarize(res.documents, res.issues)}`;
}

export const importCommand: Command = {
  name: "import",
  summary: "Import Istio or Gateway API YAML into a draft change (or just check it with --dry-run)",
  usage: "FILE|- [FILE...] [--dry-run] [--mode merge|replace] [--title TEXT] [-o table|json|yaml]",
  help: `Sends the documents to the console, which reports on each of them, validates the resulting
config and diffs it against the running one. Without --dry-run a draft change is created; submit it
with 'signalbox submit ID' (or use 'signalbox apply', which does both). Exits 2 when invalid.

Flags:
      --dry-run         report and diff only; create no change
      --mode MODE       merge (default: imported objects replace same-named ones) or replace (the import is the whole config)
      --title TEXT      title of the change
  -o, --output FORMAT   table (default), json or yaml: the raw import response`,
  options: { ...IMPORT_OPTIONS, "dry-run": { type: "boolean" }, ...OUTPUT_OPTION },
  async run(ctx) {
    const format = outputFormat(ctx.args.values);
    const { res, sources } = await importFiles(ctx, ctx.args.values["dry-run"] === true);
    if (format !== "table") ctx.io.out(render(format, res, () => ({ columns: [], rows: [] })));
    else {
      ctx.io.out(formatImport(res, sources));
      if (res.changeId)
        ctx.io.out(
          `created draft change ${res.changeId}; submit it for review with: signalbox submit ${res.changeId}\n`,
        );
    }
    return res.ok ? EXIT_OK : EXIT_INVALID;
  },
};
