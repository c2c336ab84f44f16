import { operations, type RegisterInstanceRequest } from "../../core/api/index.ts";
import { OUTPUT_OPTION, positionals, positiveInt, stringFlag } from "../args.ts";
import type { Command, CommandContext } from "../command.ts";
import { EXIT_OK, UsageError } from "../errors.ts";
import { age, outputFormat, render } from "../output.ts";

const ACTIONS = ["list", "register", "deregister"] as const;
type Action = (typeof ACTIONS)[number];

async function list(ctx: CommandContext): Promise<number> {
  positionals(ctx.args, ["ACTION"]);
  const service = stringFlag(ctx.args.values, "service");
  const res = await ctx.client().call(operations.listRegistry, { query: service ? { service } : {} });
  ctx.io.out(
    render(outputFormat(ctx.args.values), res.instances, () => ({
      columns: ["service", "id", "address", "versions", "health", "checks", "source", "age"],
      rows: res.instances.map((i) => [
        i.service,
        i.id,
        `${i.address}:${i.port}`,
        i.versions.join(",") || "-",
        i.health,
        i.checks.map((c) => `${c.id}=${c.status}`).join(" ") || "-",
        i.tokenName ? `${i.source} (${i.tokenName})` : i.source,
        age(i.registeredAt),
      ]),
    })),
  );
  return EXIT_OK;
}

/** `--label k=v` (repeatable) becomes Meta; one optional check: --http URL | --tcp HOST:PORT | --ttl MS. */
async function register(ctx: CommandContext): Promise<number> {
  const [, service] = positionals(ctx.args, ["ACTION", "SERVICE"]);
  const v = ctx.args.values;
  const address = stringFlag(v, "address");
  const portText = stringFlag(v, "port");
  if (!address || !portText) throw new UsageError("--address and --port are required");
  const port = positiveInt(portText, "--port");
  const id = stringFlag(v, "id") ?? `${service}-${address}-${port}`.replace(/[^A-Za-z0-9_.:@-]/g, "-");
  const meta: Record<string, string> = {};
  for (const l of (v.label as string[] | undefined) ?? []) {
    const eq = l.indexOf("=");
    if (eq <= 0) throw new UsageError(`--label ${l}: expected key=value`);
    meta[l.slice(0, eq)] = l.slice(eq + 1);
  }
  const interval = positiveInt(stringFlag(v, "interval") ?? "10000", "--interval");
  const http = stringFlag(v, "http");
  const tcp = stringFlag(v, "tcp");
  const ttl = stringFlag(v, "ttl");
  const check = http
    ? { kind: "http" as const, target: http, intervalMs: interval }
    : tcp
      ? { kind: "tcp" as const, target: tcp, intervalMs: interval }
      : ttl
        ? { kind: "ttl" as const, ttlMs: positiveInt(ttl, "--ttl") }
        : null;
  const body: RegisterInstanceRequest = {
    id,
    service: service!,
    address,
    port,
    meta,
    source: "cli",
    checks: check ? [{ id: `${id}-check`, name: `${service} ${check.kind} check`, ...check }] : [],
  };
  const res = await ctx.client().call(operations.registerInstance, { body });
  ctx.io.err(
    `Registered ${res.id} (${res.address}:${res.port}) in ${res.service}; selected by ${res.versions.join(", ") || "no version"}\n`,
  );
  return EXIT_OK;
}

async function deregister(ctx: CommandContext): Promise<number> {
  const [, id] = positionals(ctx.args, ["ACTION", "ID"]);
  await ctx.client().call(operations.deregisterInstance, { params: { id: id! } });
  ctx.io.err(`Deregistered ${id}\n`);
  return EXIT_OK;
}

export const registry: Command = {
  name: "registry",
  summary: "The live service registry: list instances, register, deregister",
  usage: `${ACTIONS.join("|")} [ARGS]`,
  help: `Actions:
  list [--service NAME] [-o FORMAT]
  register SERVICE --address ADDR --port N [--id ID] [--label k=v ...]
           [--http URL | --tcp HOST:PORT | --ttl MS] [--interval MS]
  deregister ID

Labels become the instance's metadata; a version selects instances whose labels match its own (or version=<name>).
Registering and deregistering need an admin's API token (\`signalbox login\` or $SIGNALBOX_TOKEN); instances
themselves usually register through the Consul-compatible API with a registration token.`,
  options: {
    service: { type: "string" },
    address: { type: "string" },
    port: { type: "string" },
    id: { type: "string" },
    label: { type: "string", multiple: true },
    http: { type: "string" },
    tcp: { type: "string" },
    ttl: { type: "string" },
    interval: { type: "string" },
    ...OUTPUT_OPTION,
  },
  async run(ctx) {
    const action = ctx.args.positionals[0];
    if (!action) throw new UsageError(`missing ACTION: one of ${ACTIONS.join(", ")}`);
    switch (action as Action) {
      case "list":
        return list(ctx);
      case "register":
        return register(ctx);
      case "deregister":
        return deregister(ctx);
      default:
        throw new UsageError(`unknown action "${action}": one of ${ACTIONS.join(", ")}`);
    }
  },
};
