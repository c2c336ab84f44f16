import { operations } from "../../core/api/index.ts";
import { OUTPUT_OPTION, positionals, stringFlag } from "../args.ts";
import type { Command, CommandContext } from "../command.ts";
import { EXIT_OK, UsageError } from "../errors.ts";
import { age, outputFormat, render } from "../output.ts";

const ACTIONS = ["ca", "rotate-root", "certs", "issue", "join-token", "identities", "revoke"] as const;
type Action = (typeof ACTIONS)[number];

async function ca(ctx: CommandContext): Promise<number> {
  positionals(ctx.args, ["ACTION"]);
  const res = await ctx.client().call(operations.getCa);
  ctx.io.err(`Trust domain ${res.trustDomain}; certificates live ${res.workloadCertTtlHours} h\n`);
  ctx.io.out(
    render(outputFormat(ctx.args.values), res, () => ({
      columns: ["id", "state", "fingerprint", "source", "expires"],
      rows: res.roots.map((r) => [r.id, r.state, r.fingerprint.slice(0, 16), r.source, r.notAfter]),
    })),
  );
  return EXIT_OK;
}

async function rotateRoot(ctx: CommandContext): Promise<number> {
  positionals(ctx.args, ["ACTION"]);
  const res = await ctx.client().call(operations.rotateCaRoot);
  const active = res.roots.find((r) => r.state === "active");
  ctx.io.err(`New active root ${active?.fingerprint ?? "?"}; the previous one stays trusted until retired\n`);
  return EXIT_OK;
}

async function certs(ctx: CommandContext): Promise<number> {
  positionals(ctx.args, ["ACTION"]);
  const res = await ctx.client().call(operations.listTlsSecrets);
  ctx.io.out(
    render(outputFormat(ctx.args.values), res.secrets, () => ({
      columns: ["name", "source", "names", "expires", "created by", "age"],
      rows: res.secrets.map((s) => [s.name, s.source, s.sans.join(","), s.notAfter, s.createdBy, age(s.createdAt)]),
    })),
  );
  return EXIT_OK;
}

async function issue(ctx: CommandContext): Promise<number> {
  positionals(ctx.args, ["ACTION"]);
  const name = stringFlag(ctx.args.values, "name");
  const dns = stringFlag(ctx.args.values, "dns");
  if (!name || !dns) throw new UsageError("--name and --dns are required");
  const dnsNames = dns.split(",").map((s) => s.trim());
  const res = await ctx.client().call(operations.issueTlsSecret, { body: { name, dnsNames } });
  ctx.io.err(`Issued ${res.name} for ${res.sans.join(", ")}, valid until ${res.notAfter}\n`);
  return EXIT_OK;
}

/** The token goes to stdout alone (for `$(…)` in a script), the explanation to stderr. */
async function joinToken(ctx: CommandContext): Promise<number> {
  const [, sub] = positionals(ctx.args, ["ACTION", "SUBACTION"]);
  if (sub !== "create") throw new UsageError('join-token: the only sub-action is "create"');
  const nodeId = stringFlag(ctx.args.values, "node");
  if (!nodeId) throw new UsageError("--node is required");
  const gateway = stringFlag(ctx.args.values, "gateway") ?? null;
  const service = stringFlag(ctx.args.values, "service") ?? null;
  const res = await ctx.client().call(operations.createJoinToken, { body: { nodeId, gateway, service } });
  ctx.io.err(
    `Created a one-time join token for node ${nodeId}, valid until ${res.joinToken.expiresAt}. It is shown only ` +
      "this once: start the proxy with SIGNALBOX_JOIN_TOKEN=<token> and a --state-dir.\n",
  );
  ctx.io.out(`${res.token}\n`);
  return EXIT_OK;
}

async function identities(ctx: CommandContext): Promise<number> {
  positionals(ctx.args, ["ACTION"]);
  const res = await ctx.client().call(operations.listProxyIdentities);
  ctx.io.out(
    render(outputFormat(ctx.args.values), res.identities, () => ({
      columns: ["id", "node", "spiffe id", "state", "expires"],
      rows: res.identities.map((i) => [i.id, i.nodeId, i.spiffeId, i.state, i.notAfter]),
    })),
  );
  return EXIT_OK;
}

async function revoke(ctx: CommandContext): Promise<number> {
  const [, id] = positionals(ctx.args, ["ACTION", "ID"]);
  await ctx.client().call(operations.revokeProxyIdentity, { params: { id: id! } });
  ctx.io.err(`Revoked proxy identity ${id} (and every other certificate of its node)\n`);
  return EXIT_OK;
}

const RUN: Record<Action, (ctx: CommandContext) => Promise<number>> = {
  ca,
  "rotate-root": rotateRoot,
  certs,
  issue,
  "join-token": joinToken,
  identities,
  revoke,
};

export const security: Command = {
  name: "security",
  summary: "The console's CA, TLS certificates, join tokens and proxy identities",
  usage: `${ACTIONS.join("|")} [ARGS]`,
  help: `Actions:
  ca [-o FORMAT]                                          the trust domain and the CA's roots
  rotate-root                                             a new active root (the old one stays trusted)
  certs [-o FORMAT]                                       TLS certificates: names, SANs, expiry (never keys)
  issue --name NAME --dns a.internal,b.internal           a certificate from the CA for internal names
  join-token create --node ID [--gateway G | --service S] prints a one-time join token, on stdout
  identities [-o FORMAT]                                  certificates issued to proxies
  revoke ID                                               the proxy is refused from its next call

Authentication: the API token of an admin for changes, any user for reading.`,
  options: {
    node: { type: "string" },
    gateway: { type: "string" },
    service: { type: "string" },
    name: { type: "string" },
    dns: { type: "string" },
    ...OUTPUT_OPTION,
  },
  async run(ctx) {
    const action = ctx.args.positionals[0];
    if (!action) throw new UsageError(`missing ACTION: one of ${ACTIONS.join(", ")}`);
    if (!(ACTIONS as readonly string[]).includes(action))
      throw new UsageError(`unknown action "${action}": one of ${ACTIONS.join(", ")}`);
    return RUN[action as Action](ctx);
  },
};
