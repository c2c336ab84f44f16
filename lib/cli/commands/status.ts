import { operations } from "../../core/api/index.ts";
import { OUTPUT_OPTION } from "../args.ts";
import type { Command } from "../command.ts";
import { CliError, EXIT_OK } from "../errors.ts";
import { age, formatTable, outputFormat, render } from "../output.ts";
import { proxyTable } from "./get.ts";

export const status: Command = {
  name: "status",
  summary: "The latest config version and each proxy's applied version and state",
  usage: "[-o table|json|yaml]",
  help: `States: synced (runs the latest version), syncing, stale (runs an older one), rejected (refused
the latest version; see LAST-ERROR), offline (not seen recently).

Flags:
  -o, --output FORMAT   table (default), json or yaml`,
  options: { ...OUTPUT_OPTION },
  async run({ io, args, client }) {
    if (args.positionals.length > 0) throw new CliError(`unexpected argument "${args.positionals[0]}"`);
    const format = outputFormat(args.values);
    const api = client();
    // Two calls: the proxy list has the latest number, the version list says what that version is.
    const [proxies, versions] = await Promise.all([
      api.call(operations.listProxies),
      api.call(operations.listVersions),
    ]);
    const latest = versions.versions.find((v) => v.version === proxies.latestVersion) ?? versions.versions[0] ?? null;
    if (format !== "table") {
      io.out(
        render(format, { latestVersion: proxies.latestVersion, latest, proxies: proxies.proxies }, () => ({
          columns: [],
          rows: [],
        })),
      );
      return EXIT_OK;
    }
    const about = latest
      ? ` (sha256 ${latest.hash.slice(0, 12)}, ${age(latest.createdAt)} ago${latest.createdBy ? ` by ${latest.createdBy}` : ""}${latest.changeTitle ? `: ${latest.changeTitle}` : ""})`
      : "";
    io.out(`Latest version: ${proxies.latestVersion ?? "none"}${about}\n\n`);
    io.out(proxies.proxies.length === 0 ? "No proxies have connected.\n" : formatTable(proxyTable(proxies.proxies)));
    return EXIT_OK;
  },
};
