import { operations } from "../../core/api/index.ts";
import { OUTPUT_OPTION, positionals, stringFlag } from "../args.ts";
import type { Command, CommandContext } from "../command.ts";
import { EXIT_OK, UsageError } from "../errors.ts";
import { age, outputFormat, render } from "../output.ts";

const ACTIONS = ["list-credentials", "create-credential", "revoke-credential"] as const;
type Action = (typeof ACTIONS)[number];

async function list(ctx: CommandContext): Promise<number> {
  positionals(ctx.args, ["ACTION"]);
  const res = await ctx.client().call(operations.listProxyCredentials);
  ctx.io.out(
    render(outputFormat(ctx.args.values), res.credentials, () => ({
      columns: ["id", "node", "gateway", "state", "created by", "age", "last used"],
      rows: res.credentials.map((c) => [
        c.id,
        c.nodeId,
        c.gateway,
        c.revokedAt ? "revoked" : "active",
        c.createdBy,
        age(c.createdAt),
        c.lastUsedAt ? age(c.lastUsedAt) : "never",
      ]),
    })),
  );
  return EXIT_OK;
}

/** The secret goes to stdout alone (for `$(…)` in a script), the explanation to stderr. */
async function create(ctx: CommandContext): Promise<number> {
  positionals(ctx.args, ["ACTION"]);
  const nodeId = stringFlag(ctx.args.values, "node");
  if (!nodeId) throw new UsageError("--node is required");
  const gateway = stringFlag(ctx.args.values, "gateway") ?? null;
  const res = await ctx.client().call(operations.createProxyCredential, { body: { nodeId, gateway } });
  ctx.io.err(
    `Created credential ${res.credential.id} for node ${nodeId}${gateway ? ` (gateway ${gateway})` : ""}. ` +
      "The secret below is shown only this once: start the proxy with SIGNALBOX_PROXY_TOKEN=<secret>.\n",
  );
  ctx.io.out(`${res.secret}\n`);
  return EXIT_OK;
}

async function revoke(ctx: CommandContext): Promise<number> {
  const [, id] = positionals(ctx.args, ["ACTION", "ID"]);
  await ctx.client().call(operations.revokeProxyCredential, { params: { id: id! } });
  ctx.io.err(`Revoked proxy credential ${id}\n`);
  return EXIT_OK;
}

export const proxy: Command = {
  name: "proxy",
  summary: "Per-proxy credentials: list, create (the secret is printed once), revoke",
  usage: `${ACTIONS.join("|")} [ARGS]`,
  help: `Actions:
  list-credentials [-o FORMAT]
  create-credential --node ID [--gateway NAME]   prints the secret once, on stdout
  revoke-credential ID                            the proxy is refused from its next request on

A proxy started with the secret (--token or $SIGNALBOX_PROXY_TOKEN) may poll, ACK, NACK and report metrics
only as that node and gateway. Authentication: the API token of an admin (\`signalbox login\` or $SIGNALBOX_TOKEN).`,
  options: {
    node: { type: "string" },
    gateway: { type: "string" },
    ...OUTPUT_OPTION,
  },
  async run(ctx) {
    const action = ctx.args.positionals[0];
    if (!action) throw new UsageError(`missing ACTION: one of ${ACTIONS.join(", ")}`);
    switch (action as Action) {
      case "list-credentials":
        return list(ctx);
      case "create-credential":
        return create(ctx);
      case "revoke-credential":
        return revoke(ctx);
      default:
        throw new UsageError(`unknown action "${action}": one of ${ACTIONS.join(", ")}`);
    }
  },
};
