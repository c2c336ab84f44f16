import { stringFlag, type OptionSpec, type ParsedArgs } from "./args.ts";
import { ApiClient } from "./client.ts";
import { configPath, loadConfig, resolveConnection } from "./config.ts";
import { CliError } from "./errors.ts";
import type { Io } from "./io.ts";

export interface CommandContext {
  io: Io;
  args: ParsedArgs;
  /** Where `login` stores the server and token. */
  configFile: string;
  /** A client for the configured server; `anonymous` skips the "are you logged in" check. */
  client(opts?: { anonymous?: boolean }): ApiClient;
}

export interface Command {
  name: string;
  aliases?: string[];
  /** One line for `signalbox --help`. */
  summary: string;
  /** Arguments after `signalbox NAME`. */
  usage: string;
  /** Flags and details for `signalbox NAME --help`. */
  help: string;
  options: OptionSpec;
  /** Resolves to the exit code; throws CliError for failures. */
  run(ctx: CommandContext): Promise<number>;
}

export function createContext(io: Io, args: ParsedArgs): CommandContext {
  const configFile = configPath(io.env);
  return {
    io,
    args,
    configFile,
    client(opts = {}) {
      const conn = resolveConnection(io.env, loadConfig(configFile), stringFlag(args.values, "server"));
      if (!opts.anonymous && !conn.token)
        throw new CliError(`not logged in to ${conn.server}: run \`signalbox login\` or set SIGNALBOX_TOKEN`);
      return new ApiClient(conn.server, conn.token);
    },
  };
}

export const GLOBAL_HELP = `Global flags:
  -s, --server URL   console URL (default: $SIGNALBOX_SERVER, then the one stored by login)
  -h, --help         show help`;

export function commandHelp(cmd: Command): string {
  const flags = cmd.help.trim();
  return `${cmd.summary}\n\nUsage:\n  signalbox ${cmd.name} ${cmd.usage}\n${flags ? `\n${flags}\n` : ""}\n${GLOBAL_HELP}\n`;
}
