import { writeFileSync } from "node:fs";
import { operations } from "../../core/api/index.ts";
import { choiceFlag, positiveInt, stringFlag } from "../args.ts";
import type { Command } from "../command.ts";
import { CliError, EXIT_OK } from "../errors.ts";

export const exportCommand: Command = {
  name: "export",
  summary: "Export the running config (or a version, change or service) as Istio or Gateway API YAML",
  usage: "[--format istio|gateway-api] [--service NAME] [--version N | --change ID] [-f FILE]",
  help: `Prints the YAML to stdout, or writes it to FILE with -f.

Flags:
      --format FORMAT   istio (default) or gateway-api
      --service NAME    only the objects of this service
      --version N       a config version instead of the running one
      --change ID       the config a change proposes
  -f, --file FILE       write to FILE instead of stdout`,
  options: {
    format: { type: "string" },
    service: { type: "string" },
    version: { type: "string" },
    change: { type: "string" },
    file: { type: "string", short: "f" },
  },
  async run({ io, args, client }) {
    if (args.positionals.length > 0) throw new CliError(`unexpected argument "${args.positionals[0]}"`);
    const version = stringFlag(args.values, "version");
    const query = {
      format: choiceFlag(args.values, "format", ["istio", "gateway-api"] as const, "istio"),
      service: stringFlag(args.values, "service"),
      version: version === undefined ? undefined : positiveInt(version, "--version"),
      change: stringFlag(args.values, "change"),
    };
    if (query.version !== undefined && query.change !== undefined)
      throw new CliError("give --version or --change, not both");
    const yaml = await client().call(operations.exportYaml, { query });
    const file = stringFlag(args.values, "file");
    if (file === undefined) {
      io.out(yaml);
      return EXIT_OK;
    }
    writeFileSync(file, yaml);
    io.err(`wrote ${file}\n`);
    return EXIT_OK;
  },
};
