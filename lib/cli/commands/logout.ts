import { operations } from "../../core/api/index.ts";
import { ApiClient } from "../client.ts";
import type { Command } from "../command.ts";
import { loadConfig, saveConfig } from "../config.ts";
import { CliError, EXIT_OK } from "../errors.ts";

export const logout: Command = {
  name: "logout",
  summary: "Revoke the stored API token and forget it",
  usage: "",
  help: `Revokes the stored token on the server (best effort: it is forgotten locally even when the
server cannot be reached) and removes it from the config file. The server URL is kept.`,
  options: {},
  async run({ io, args, configFile }) {
    if (args.positionals.length > 0) throw new CliError(`unexpected argument "${args.positionals[0]}"`);
    const stored = loadConfig(configFile);
    if (!stored.token) {
      io.err("Not logged in.\n");
      return EXIT_OK;
    }
    if (stored.server && stored.tokenId) {
      try {
        await new ApiClient(stored.server, stored.token).send(operations.revokeToken, {
          params: { id: stored.tokenId },
        });
      } catch (e) {
        io.err(`warning: could not revoke the token on ${stored.server}: ${(e as Error).message}\n`);
      }
    }
    saveConfig(configFile, { server: stored.server });
    io.err(`Logged out${stored.server ? ` of ${stored.server}` : ""}.\n`);
    return EXIT_OK;
  },
};
