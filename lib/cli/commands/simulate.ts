import { operations, type SimulatedRequestInput } from "../../core/api/index.ts";
import { OUTPUT_OPTION, positiveInt, stringFlag, type Values } from "../args.ts";
import type { Command } from "../command.ts";
import { CliError, EXIT_OK, UsageError } from "../errors.ts";
import { outputFormat, render } from "../output.ts";
import { formatSimulation } from "../simulation-report.ts";

/** `--header k=v` given any number of times, as a record; a pair without "=" is a usage error. */
function pairs(values: Values, flag: string): Record<string, string> {
  const raw = (values as Record<string, unknown>)[flag];
  const list = Array.isArray(raw) ? (raw as string[]) : typeof raw === "string" ? [raw] : [];
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`--${flag} must be NAME=VALUE (got "${item}")`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

export const simulateCommand: Command = {
  name: "simulate",
  summary: "Which gateway, route, rule and backend a request would hit, and why the earlier rules did not match",
  usage:
    "--host HOST [--path PATH] [--method M] [--header K=V]... [--query K=V]... [--gateway G] [--port N] [--draft] [--json | -o json|yaml]",
  help: `Runs the console's request simulator (POST /api/simulate) against the running config, or with --draft
against your open draft, and prints the route chosen for the host, each rule tried with the conditions
that failed, and the verdict: the weighted destinations, a redirect, a direct response or a fault.

Flags:
      --host HOST       the Host header (required)
      --path PATH       the request target, query string allowed (default /)
  -X, --method M        the HTTP method (default GET)
  -H, --header K=V      a request header; repeat for more
      --query K=V       a query parameter; repeat for more
      --gateway G       the gateway whose proxy receives it (default: the mesh, a proxy without a gateway)
      --port N          the listener port (picks the gateway listening there when --gateway is not given)
      --random R        a number in [0, 1): show the destination the proxy would pick with it
      --draft           simulate your draft instead of the published config
      --json            print the whole answer as JSON (same as -o json)
  -o, --output FORMAT   text (default), json or yaml`,
  options: {
    host: { type: "string" },
    path: { type: "string" },
    method: { type: "string", short: "X" },
    header: { type: "string", short: "H", multiple: true },
    query: { type: "string", multiple: true },
    gateway: { type: "string" },
    port: { type: "string" },
    random: { type: "string" },
    draft: { type: "boolean" },
    json: { type: "boolean" },
    ...OUTPUT_OPTION,
  },
  async run({ io, args, client }) {
    if (args.positionals.length > 0) throw new CliError(`unexpected argument "${args.positionals[0]}"`);
    const values = args.values;
    const host = stringFlag(values, "host");
    if (host === undefined) throw new UsageError("--host is required");
    const port = stringFlag(values, "port");
    const random = stringFlag(values, "random");
    const body: SimulatedRequestInput & { source: "published" | "draft" } = {
      host,
      path: stringFlag(values, "path") ?? "/",
      method: stringFlag(values, "method")?.toUpperCase() ?? "GET",
      headers: pairs(values, "header"),
      query: pairs(values, "query"),
      gateway: stringFlag(values, "gateway"),
      port: port === undefined ? undefined : positiveInt(port, "--port"),
      random: random === undefined ? undefined : Number(random),
      source: values.draft === true ? "draft" : "published",
    };
    const format =
      values.json === true ? "json" : stringFlag(values, "output") === "text" ? "table" : outputFormat(values);
    const result = await client().call(operations.simulate, { body });
    io.out(format === "table" ? formatSimulation(result) : render(format, result, () => ({ columns: [], rows: [] })));
    return EXIT_OK;
  },
};
