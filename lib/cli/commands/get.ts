import type { z } from "zod";
import {
  operations,
  type ChangeSummary,
  type ConfigVersionSummarySchema,
  type ProxyStatus,
} from "../../core/api/index.ts";
import type { MeshConfig } from "../../core/model/index.ts";
import { OUTPUT_OPTION, positionals } from "../args.ts";
import type { ApiClient } from "../client.ts";
import type { Command } from "../command.ts";
import { CliError, EXIT_OK, UsageError } from "../errors.ts";
import { age, outputFormat, render, type Table } from "../output.ts";

interface Resource<T> {
  names: string[];
  list(client: ApiClient): Promise<T[]>;
  /** One item by name; defaults to filtering the list. */
  one?(client: ApiClient, name: string): Promise<T>;
  key(item: T): string;
  table(items: T[]): Table;
}

const mesh = async (client: ApiClient): Promise<MeshConfig> => (await client.call(operations.runningMesh)).mesh;

const split = (r: MeshConfig["routes"][number]) =>
  r.rules
    .map((rule) =>
      rule.destinations.length
        ? rule.destinations.map((d) => `${d.service}/${d.version}=${d.weight}`).join(",")
        : rule.redirect
          ? "redirect"
          : "direct-response",
    )
    .join("; ");

const services: Resource<MeshConfig["services"][number]> = {
  names: ["services", "service", "svc"],
  list: async (c) => (await mesh(c)).services,
  key: (s) => s.name,
  table: (items) => ({
    columns: ["name", "host", "versions", "endpoints", "external"],
    rows: items.map((s) => [
      s.name,
      s.host,
      s.versions.map((v) => v.name).join(","),
      s.versions.reduce((n, v) => n + v.endpoints.length, 0),
      s.external,
    ]),
  }),
};

const routes: Resource<MeshConfig["routes"][number]> = {
  names: ["routes", "route", "rt"],
  list: async (c) => (await mesh(c)).routes,
  key: (r) => r.name,
  table: (items) => ({
    columns: ["name", "hosts", "gateways", "rules", "destinations"],
    rows: items.map((r) => [r.name, r.hosts.join(","), r.gateways.join(","), r.rules.length, split(r)]),
  }),
};

const gateways: Resource<MeshConfig["gateways"][number]> = {
  names: ["gateways", "gateway", "gw"],
  list: async (c) => (await mesh(c)).gateways,
  key: (g) => g.name,
  table: (items) => ({
    columns: ["name", "listeners"],
    rows: items.map((g) => [g.name, g.listeners.map((l) => `${l.name}:${l.port}/${l.protocol}`).join(",")]),
  }),
};

export const proxyTable = (items: ProxyStatus[]): Table => ({
  columns: ["id", "gateway", "state", "version", "last-seen", "last-error"],
  rows: items.map((p) => [
    p.id,
    p.gateway,
    p.state,
    p.appliedVersion,
    age(p.lastSeenAt),
    p.lastError ? `${p.lastErrorVersion !== null ? `v${p.lastErrorVersion}: ` : ""}${p.lastError}` : "",
  ]),
});

const proxies: Resource<ProxyStatus> = {
  names: ["proxies", "proxy", "px"],
  list: async (c) => (await c.call(operations.listProxies)).proxies,
  key: (p) => p.id,
  table: proxyTable,
};

const changes: Resource<ChangeSummary> = {
  names: ["changes", "change", "ch"],
  list: async (c) => (await c.call(operations.listChanges)).changes,
  // The detail (proposed config, issues, diff) is what -o yaml of one change should show.
  one: (c, id) => c.call(operations.getChange, { params: { id } }),
  key: (ch) => ch.id,
  table: (items) => ({
    columns: ["id", "status", "author", "base", "version", "updated", "title"],
    rows: items.map((ch) => [
      ch.id,
      ch.status,
      ch.author.username,
      ch.baseVersion,
      ch.producedVersion,
      age(ch.updatedAt),
      ch.title,
    ]),
  }),
};

type VersionRow = z.infer<typeof ConfigVersionSummarySchema>;
const versions: Resource<VersionRow> = {
  names: ["versions", "version", "ver"],
  list: async (c) => (await c.call(operations.listVersions)).versions,
  key: (v) => String(v.version),
  table: (items) => ({
    columns: ["version", "hash", "change", "by", "age", "title"],
    rows: items.map((v) => [v.version, v.hash.slice(0, 12), v.changeId, v.createdBy, age(v.createdAt), v.changeTitle]),
  }),
};

// Each entry keeps its own item type; the array only needs the shared shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const RESOURCES: Resource<any>[] = [services, routes, gateways, proxies, changes, versions];

export const get: Command = {
  name: "get",
  summary: "List services, routes, gateways, proxies, changes or versions",
  usage: "services|routes|gateways|proxies|changes|versions [NAME] [-o table|json|yaml]",
  help: `Services, routes and gateways are those of the running config. With NAME, only that object
(for changes: the full change with its proposed config, issues and diff). -o json and -o yaml
print the API objects (a list without NAME), the table is a summary.

Flags:
  -o, --output FORMAT   table (default), json or yaml

Short names: svc, rt, gw, px, ch, ver.`,
  options: { ...OUTPUT_OPTION },
  async run({ io, args, client }) {
    const [type, name] = positionals(
      args,
      ["a resource type (services, routes, gateways, proxies, changes, versions)"],
      1,
    );
    const format = outputFormat(args.values);
    const resource = RESOURCES.find((r) => r.names.includes(type!));
    if (!resource)
      throw new UsageError(
        `unknown resource type "${type}"; one of services, routes, gateways, proxies, changes, versions`,
      );
    const api = client();
    if (name === undefined) {
      const items = await resource.list(api);
      if (format === "table" && items.length === 0) io.err(`No ${resource.names[0]} found.\n`);
      else io.out(render(format, items, () => resource.table(items)));
      return EXIT_OK;
    }
    const item = resource.one
      ? await resource.one(api, name)
      : (await resource.list(api)).find((i) => resource.key(i) === name);
    if (item === undefined) throw new CliError(`${resource.names[0]} "${name}" not found`);
    io.out(render(format, item, () => resource.table([item])));
    return EXIT_OK;
  },
};
