import { operations, type AccessCheckRequestInput, type AccessCheckResponse } from "../../core/api/index.ts";
import { OUTPUT_OPTION, positiveInt, stringFlag, type Values } from "../args.ts";
import type { Command } from "../command.ts";
import { CliError, EXIT_OK, UsageError } from "../errors.ts";
import { outputFormat, render } from "../output.ts";

function headers(values: Values): Record<string, string> {
  const raw = (values as Record<string, unknown>)["header"];
  const list = Array.isArray(raw) ? (raw as string[]) : typeof raw === "string" ? [raw] : [];
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`--header must be NAME=VALUE (got "${item}")`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** One verdict line per workload, then each policy that applies and why it matched or not. */
export function formatAccessCheck(res: AccessCheckResponse): string {
  const lines: string[] = [];
  for (const r of res.results) {
    const d = r.decision;
    lines.push(
      `${r.workload}: ${d.allowed ? "ALLOWED" : "DENIED"} ${d.policy ? `by ${d.action} policy ${d.policy} rule ${d.rule}` : `(${d.reason})`}`,
    );
    for (const p of r.policies)
      lines.push(
        `  ${p.action} ${p.policy}: ${p.matched ? `matched rule ${p.rule}` : `no match: ${p.reasons.join("; ")}`}`,
      );
    if (r.audited.length > 0) lines.push(`  audited by ${r.audited.join(", ")}`);
  }
  return `${lines.join("\n")}\n`;
}

export const access: Command = {
  name: "access",
  summary: "Access dry run: would this caller, method and path be allowed at a service, and by which policy",
  usage:
    "check --service S[/VERSION] | --gateway G --path PATH [--host H] [--method M] [--principal SPIFFE] [--namespace NS] [--ip IP] [--port N] [-H K=V]... [--draft] [-o json|yaml]",
  help: `Runs the access dry run (POST /api/access/check) against the running config, or with --draft against your open
draft: the AuthorizationPolicies that apply at each version of the service (or at the gateway), Istio's verdict,
and why each policy did or did not match. Exit code 0 whatever the verdict; use -o json for scripts.`,
  options: {
    service: { type: "string" },
    gateway: { type: "string" },
    path: { type: "string" },
    host: { type: "string" },
    method: { type: "string", short: "X" },
    principal: { type: "string" },
    namespace: { type: "string" },
    ip: { type: "string" },
    port: { type: "string" },
    header: { type: "string", short: "H", multiple: true },
    draft: { type: "boolean" },
    ...OUTPUT_OPTION,
  },
  async run({ io, args, client }) {
    if (args.positionals[0] !== "check") throw new UsageError('the action is "check"');
    if (args.positionals.length > 1) throw new CliError(`unexpected argument "${args.positionals[1]}"`);
    const v = args.values;
    const service = stringFlag(v, "service");
    const gateway = stringFlag(v, "gateway");
    if ((service === undefined) === (gateway === undefined)) throw new UsageError("give --service or --gateway");
    const [name, version] = (service ?? gateway)!.split("/");
    const port = stringFlag(v, "port");
    const body: AccessCheckRequestInput = {
      source: v.draft === true ? "draft" : "published",
      target: { kind: service !== undefined ? "service" : "gateway", name: name!, ...(version ? { version } : {}) },
      caller: {
        ...(stringFlag(v, "principal") ? { principal: stringFlag(v, "principal") } : {}),
        ...(stringFlag(v, "namespace") ? { namespace: stringFlag(v, "namespace") } : {}),
        ip: stringFlag(v, "ip") ?? "127.0.0.1",
      },
      request: {
        method: stringFlag(v, "method")?.toUpperCase() ?? "GET",
        path: stringFlag(v, "path") ?? "/",
        host: stringFlag(v, "host") ?? name!,
        ...(port === undefined ? {} : { port: positiveInt(port, "--port") }),
        headers: headers(v),
      },
    };
    const res = await client().call(operations.accessCheck, { body });
    const format = stringFlag(v, "output") === undefined ? "table" : outputFormat(v);
    io.out(format === "table" ? formatAccessCheck(res) : render(format, res, () => ({ columns: [], rows: [] })));
    return EXIT_OK;
  },
};
