import { parseCommandArgs, splitCommand } from "./args.ts";
import { commandHelp, createContext, GLOBAL_HELP, type Command } from "./command.ts";
import { COMMANDS, findCommand } from "./commands/index.ts";
import { CliError, EXIT_ERROR, EXIT_OK, UsageError } from "./errors.ts";
import { processIo, type Io } from "./io.ts";

function rootHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}   ${c.summary}`).join("\n");
  return `signalbox: the Signalbox service-mesh console from the command line

Usage:
  signalbox COMMAND [flags]

Commands:
${list}

${GLOBAL_HELP}

Exit codes: 0 success, 1 error, 2 invalid input (YAML or config that fails validation).
Config: $SIGNALBOX_CONFIG, else $XDG_CONFIG_HOME/signalbox/config.json, else ~/.config/signalbox/config.json.
Run 'signalbox COMMAND --help' for a command's flags.
`;
}

function reportError(io: Io, e: unknown, cmd?: Command): number {
  if (e instanceof CliError) {
    io.err(`error: ${e.message}\n`);
    if (e.details.length > 0) io.err(`${e.details.join("\n")}\n`);
    if (e instanceof UsageError) io.err(`Run 'signalbox ${cmd ? `${cmd.name} ` : ""}--help' for usage.\n`);
    return e.exitCode;
  }
  io.err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  if (io.env.SIGNALBOX_DEBUG && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
  return EXIT_ERROR;
}

/** Runs one invocation and resolves to its exit code; never throws, so tests can call it in-process. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const { command, rest } = splitCommand(argv);
  if (command === undefined || command === "help") {
    const topic = command === "help" ? rest.find((a) => !a.startsWith("-")) : undefined;
    const cmd = topic ? findCommand(topic) : undefined;
    if (topic && !cmd) return reportError(io, new UsageError(`unknown command "${topic}"`));
    if (!cmd && rest.length > 0 && !rest.every((a) => a === "-h" || a === "--help"))
      return reportError(io, new UsageError(`unknown flag ${rest[0]}; expected a command`));
    io.out(cmd ? commandHelp(cmd) : rootHelp());
    return EXIT_OK;
  }
  const cmd = findCommand(command);
  if (!cmd)
    return reportError(
      io,
      new UsageError(`unknown command "${command}"; commands: ${COMMANDS.map((c) => c.name).join(", ")}`),
    );
  try {
    const args = parseCommandArgs(rest, cmd.options);
    if (args.values.help) {
      io.out(commandHelp(cmd));
      return EXIT_OK;
    }
    return await cmd.run(createContext(io, args));
  } catch (e) {
    return reportError(io, e, cmd);
  }
}

/** The process entry (bin/signalbox.mjs): exit only after stdout and stderr have drained, so pipes get everything. */
export async function run(): Promise<void> {
  // `signalbox get routes | head -1` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => process.exit(e.code === "EPIPE" ? EXIT_OK : EXIT_ERROR));
  const code = await main(process.argv.slice(2));
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}
