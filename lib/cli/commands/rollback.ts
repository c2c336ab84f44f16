import { operations } from "../../core/api/index.ts";
import { positionals, positiveInt } from "../args.ts";
import type { Command } from "../command.ts";
import { EXIT_OK } from "../errors.ts";

export const rollback: Command = {
  name: "rollback",
  summary: "Create a change that restores a config version; prints its id",
  usage: "VERSION [--submit]",
  help: `A rollback is an ordinary change proposing VERSION's config: it is reviewed and approved like
any other. The change id goes to stdout.

Flags:
      --submit   submit the change for review right away (otherwise it stays your draft)`,
  options: { submit: { type: "boolean" } },
  async run({ io, args, client }) {
    const [raw] = positionals(args, ["VERSION (see 'signalbox get versions')"]);
    const version = positiveInt(raw!, "VERSION");
    const api = client();
    const { changeId } = await api.call(operations.rollback, { params: { version } });
    if (args.values.submit === true) {
      await api.call(operations.submitChange, { params: { id: changeId } });
      io.err(`change ${changeId} restores version ${version} and is PENDING review\n`);
    } else io.err(`change ${changeId} restores version ${version}; submit it with 'signalbox submit ${changeId}'\n`);
    io.out(`${changeId}\n`);
    return EXIT_OK;
  },
};
