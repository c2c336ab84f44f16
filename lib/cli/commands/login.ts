import os from "node:os";
import { MeResponseSchema, operations } from "../../core/api/index.ts";
import { stringFlag } from "../args.ts";
import { ApiClient } from "../client.ts";
import type { Command, CommandContext } from "../command.ts";
import { loadConfig, normalizeServer, saveConfig } from "../config.ts";
import { CliError, EXIT_OK } from "../errors.ts";
import { prompt } from "../io.ts";
import { readPassword } from "../password.ts";

async function credentials(ctx: CommandContext): Promise<{ username: string; password: string }> {
  const { io, args } = ctx;
  let username = stringFlag(args.values, "username");
  if (!username) {
    if (!io.interactive || args.values["password-stdin"] === true)
      throw new CliError("--username is required when not at a terminal");
    username = (await prompt(io, "Username: ")).trim();
  }
  return { username, password: await readPassword(ctx) };
}

/** The session cookie from set-cookie; it is used for two calls and then ended. */
function sessionCookie(res: Response): string {
  const cookies =
    typeof res.headers.getSetCookie === "function" ? res.headers.getSetCookie() : [res.headers.get("set-cookie") ?? ""];
  const session = cookies.map((c) => c.split(";")[0]!.trim()).find((c) => c.startsWith("sb_session="));
  if (!session) throw new CliError("the server accepted the login but set no session cookie");
  return session;
}

export const login: Command = {
  name: "login",
  summary: "Sign in and store an API token for the other commands",
  usage: "[--server URL] [--username USER] [--password-stdin]",
  help: `Signs in with a username and password, creates an API token named after this machine and
stores it with the server URL in the config file (mode 0600). The password is prompted for at a
terminal; in scripts pipe it: echo "$PW" | signalbox login --username alice --password-stdin.
A previous token stored for the same server is revoked.

Flags:
  -u, --username USER    account name (prompted for at a terminal)
      --password-stdin   read the password from stdin`,
  options: { username: { type: "string", short: "u" }, "password-stdin": { type: "boolean" } },
  async run(ctx) {
    const { io, args, configFile } = ctx;
    if (args.positionals.length > 0) throw new CliError(`unexpected argument "${args.positionals[0]}"`);
    const stored = loadConfig(configFile);
    const rawServer = stringFlag(args.values, "server") || io.env.SIGNALBOX_SERVER || stored.server;
    if (!rawServer) throw new CliError("give --server URL (e.g. http://127.0.0.1:3000) or set SIGNALBOX_SERVER");
    const server = normalizeServer(rawServer);
    const { username, password } = await credentials(ctx);
    const client = new ApiClient(server, undefined);
    const res = await client.send(operations.login, { body: { username, password } });
    const me = MeResponseSchema.parse(await res.json());
    const cookie = sessionCookie(res);
    let created;
    try {
      const name = `signalbox CLI on ${os.hostname()}`.slice(0, 100);
      created = await client.call(operations.createToken, { body: { name }, cookie });
      // Best effort: the old token is useless once replaced.
      if (stored.tokenId && stored.server && normalizeServer(stored.server) === server) {
        await client.send(operations.revokeToken, { params: { id: stored.tokenId }, cookie }).catch(() => undefined);
      }
    } finally {
      // The CLI authenticates with the token; the browser-style session is not needed, whatever happened.
      await client.send(operations.logout, { cookie }).catch(() => undefined);
    }
    saveConfig(configFile, { server, token: created.secret, tokenId: created.token.id, username: me.user.username });
    io.err(`Logged in to ${server} as ${me.user.username} (${me.user.role}); token stored in ${configFile}\n`);
    return EXIT_OK;
  },
};
