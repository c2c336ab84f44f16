import { operations, RoleSchema, type Role, type UserDetail } from "../../core/api/index.ts";
import { OUTPUT_OPTION, positionals, stringFlag } from "../args.ts";
import { ApiClient } from "../client.ts";
import type { Command, CommandContext } from "../command.ts";
import { loadConfig, resolveConnection } from "../config.ts";
import { CliError, EXIT_OK, UsageError } from "../errors.ts";
import { age, outputFormat, render } from "../output.ts";
import { readPassword } from "../password.ts";

const ACTIONS = ["create-user", "list-users", "set-role", "disable-user", "enable-user"] as const;
type Action = (typeof ACTIONS)[number];

function role(text: string | undefined, fallback?: Role): Role {
  const parsed = RoleSchema.safeParse(text?.toUpperCase() ?? fallback);
  if (!parsed.success) throw new UsageError(`the role must be one of ${RoleSchema.options.join(", ")}`);
  return parsed.data;
}

const userLine = (u: UserDetail) => `${u.username} (${u.role}${u.disabledAt ? ", disabled" : ""})`;

/**
 * With a setup token (--setup-token or $SIGNALBOX_SETUP_TOKEN, from the console's log) the first admin is
 * created and nothing else is needed; otherwise the caller's API token must have the admin role.
 */
async function createUser(ctx: CommandContext): Promise<number> {
  const { args, io } = ctx;
  const username = stringFlag(args.values, "username");
  if (!username) throw new UsageError("--username is required");
  const displayName = stringFlag(args.values, "display-name") ?? "";
  const setupToken = stringFlag(args.values, "setup-token") ?? io.env.SIGNALBOX_SETUP_TOKEN;
  const wanted = role(stringFlag(args.values, "role"), setupToken ? "ADMIN" : undefined);
  const password = await readPassword(ctx, `Password for ${username}: `);
  if (setupToken) {
    if (wanted !== "ADMIN") throw new UsageError("the setup token creates the first admin: --role must be ADMIN");
    const conn = resolveConnection(io.env, loadConfig(ctx.configFile), stringFlag(args.values, "server"));
    const client = new ApiClient(conn.server, undefined);
    const me = await client.call(operations.setup, { body: { token: setupToken, username, displayName, password } });
    io.err(`Created the first admin ${me.user.username} on ${conn.server}\n`);
    return EXIT_OK;
  }
  const user = await ctx
    .client()
    .call(operations.createUser, { body: { username, displayName, role: wanted, password } });
  io.err(`Created ${userLine(user)}\n`);
  return EXIT_OK;
}

async function findUser(client: ApiClient, username: string): Promise<UserDetail> {
  const { users } = await client.call(operations.listUsers);
  const user = users.find((u) => u.username === username);
  if (!user) throw new CliError(`no user named ${username}`);
  return user;
}

async function update(ctx: CommandContext, action: Exclude<Action, "create-user" | "list-users">): Promise<number> {
  const names = action === "set-role" ? ["USER", "ROLE"] : ["USER"];
  const [username, roleText] = positionals(ctx.args, ["ACTION", ...names]).slice(1);
  const client = ctx.client();
  const user = await findUser(client, username!);
  const body = action === "set-role" ? { role: role(roleText) } : { disabled: action === "disable-user" };
  const updated = await client.call(operations.updateUser, { params: { id: user.id }, body });
  ctx.io.err(`${userLine(updated)}\n`);
  return EXIT_OK;
}

async function listUsers(ctx: CommandContext): Promise<number> {
  positionals(ctx.args, ["ACTION"]);
  const { users } = await ctx.client().call(operations.listUsers);
  const format = outputFormat(ctx.args.values);
  ctx.io.out(
    render(format, users, () => ({
      columns: ["username", "role", "state", "display name", "age"],
      rows: users.map((u) => [
        u.username,
        u.role,
        u.disabledAt ? "disabled" : "active",
        u.displayName,
        age(u.createdAt),
      ]),
    })),
  );
  return EXIT_OK;
}

export const admin: Command = {
  name: "admin",
  summary: "Manage users: create (also the first admin, with the setup token), list, set roles, disable",
  usage: `${ACTIONS.join("|")} [ARGS]`,
  help: `Actions:
  create-user --username USER [--role ROLE] [--display-name TEXT] [--password-stdin] [--setup-token TOKEN]
  list-users [-o FORMAT]
  set-role USER ROLE             VIEWER, EDITOR, APPROVER or ADMIN; a lower role ends the user's sessions
                                 and caps their API tokens
  disable-user USER              ends the user's sessions and revokes their API tokens
  enable-user USER

Authentication: the API token stored by \`signalbox login\` (or $SIGNALBOX_TOKEN) of an admin. Before any
user exists, create-user takes the one-time setup token the console prints in its log (--setup-token or
$SIGNALBOX_SETUP_TOKEN) and creates the first admin; --server (or $SIGNALBOX_SERVER) names the console.
The password is read from stdin with --password-stdin, else prompted for at a terminal.`,
  options: {
    username: { type: "string", short: "u" },
    role: { type: "string" },
    "display-name": { type: "string" },
    "password-stdin": { type: "boolean" },
    "setup-token": { type: "string" },
    ...OUTPUT_OPTION,
  },
  async run(ctx) {
    const action = ctx.args.positionals[0];
    if (!action) throw new UsageError(`missing ACTION: one of ${ACTIONS.join(", ")}`);
    switch (action as Action) {
      case "create-user":
        positionals(ctx.args, ["ACTION"]);
        return createUser(ctx);
      case "list-users":
        return listUsers(ctx);
      case "set-role":
      case "disable-user":
      case "enable-user":
        return update(ctx, action as Exclude<Action, "create-user" | "list-users">);
      default:
        throw new UsageError(`unknown action "${action}": one of ${ACTIONS.join(", ")}`);
    }
  },
};
