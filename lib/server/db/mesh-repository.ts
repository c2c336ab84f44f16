import "server-only";
/**
 * The live mesh in normalized tables <-> MeshConfig. Rows are mapped back through the zod schemas
 * of lib/core/model: a hand-edited or corrupt row fails loudly here instead of reaching a proxy.
 * Order is deterministic and independent of the database collation (PGlite and PostgreSQL sort
 * '-' differently): by name in code-point order, listeners/endpoints/rules/destinations by position.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  AllowedRoutesSchema,
  ClientTlsSchema,
  LabelsSchema,
  ListenerRefSchema,
  RouteSemanticsSchema,
  MeshConfigSchema,
  RouteMatchSchema,
  RouteRuleSchema,
  ServerTlsSchema,
  ServicePortSchema,
  TrafficPolicySchema,
  namespaceField,
  namespaceOf,
  type Listener,
  type MeshConfig,
  type Route,
  type RouteRule,
  type Service,
} from "../../core/model/index.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { meshInNameOrder } from "../../core/select/name-order.ts";
import { meshDelta, policiesChanged } from "./mesh-delta.ts";
import { bulkInsert, type RowOf, type TableSpec } from "./bulk-insert.ts";
import { loadPolicies, replacePolicies } from "./policy-repository.ts";
import type { PrismaTx } from "./prisma-factory.ts";

/** Everything of a rule except name, matches and destinations: stored as one JSON object. */
export const RulePolicySchema = RouteRuleSchema.pick({
  timeoutMs: true,
  retries: true,
  fault: true,
  rewrite: true,
  redirect: true,
  directResponse: true,
  requestHeaders: true,
  responseHeaders: true,
  mirror: true,
  extraMirrors: true,
  cors: true,
});
export type RulePolicy = z.infer<typeof RulePolicySchema>;
const POLICY_KEYS = Object.keys(RulePolicySchema.shape) as (keyof RulePolicy)[];
const MatchesSchema = z.array(RouteMatchSchema);
const ListenerRefsSchema = z.array(ListenerRefSchema);

export class CorruptMeshRowError extends Error {
  override name = "CorruptMeshRowError";
}

function parseColumn<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new CorruptMeshRowError(`invalid ${where}: ${z.prettifyError(result.error)}`);
}

function rulePolicy(rule: RouteRule): Prisma.InputJsonObject {
  const policy: Record<string, unknown> = {};
  for (const key of POLICY_KEYS) if (rule[key] !== undefined) policy[key] = rule[key];
  return policy as Prisma.InputJsonObject;
}

async function loadServices(db: PrismaTx): Promise<Service[]> {
  const rows = await db.service.findMany({
    include: { versions: { include: { endpoints: { orderBy: { position: "asc" } } } } },
  });
  return rows.map((s) => ({
    name: s.name,
    ...namespaceField(s.namespace),
    host: s.host,
    description: s.description,
    external: s.external,
    ports: parseColumn(z.array(ServicePortSchema), s.ports, `ports of service ${s.name}`),
    versions: s.versions.map((v) => ({
      name: v.name,
      labels: parseColumn(LabelsSchema, v.labels, `labels of service ${s.name} version ${v.name}`),
      endpoints: v.endpoints.map((e) => ({ address: e.address, port: e.port, weight: e.weight })),
      ...(v.tls === null
        ? {}
        : { tls: parseColumn(ClientTlsSchema, v.tls, `tls of service ${s.name} version ${v.name}`) }),
    })),
    ...(s.trafficPolicy === null
      ? {}
      : { trafficPolicy: parseColumn(TrafficPolicySchema, s.trafficPolicy, `trafficPolicy of service ${s.name}`) }),
  }));
}

async function loadRoutes(db: PrismaTx): Promise<Route[]> {
  const rows = await db.route.findMany({
    include: {
      gateways: { orderBy: { position: "asc" }, include: { gateway: { select: { name: true } } } },
      rules: { orderBy: { position: "asc" }, include: { destinations: { orderBy: { position: "asc" } } } },
    },
  });
  return rows.map((r) => ({
    name: r.name,
    ...namespaceField(r.namespace),
    semantics: parseColumn(RouteSemanticsSchema, r.semantics, `semantics of route ${r.name}`),
    creationOrder: r.creationOrder,
    hosts: r.hosts,
    gateways: r.gateways.map((g) => g.gateway.name),
    listenerRefs: parseColumn(ListenerRefsSchema, r.listenerRefs, `listenerRefs of route ${r.name}`),
    rules: r.rules.map((rule) => {
      const where = `rule ${rule.position} of route ${r.name}`;
      return {
        name: rule.name,
        matches: parseColumn(MatchesSchema, rule.matches, `matches of ${where}`),
        destinations: rule.destinations.map((d) => ({
          service: d.serviceName,
          version: d.versionName,
          weight: d.weight,
          ...(d.port === null ? {} : { port: d.port }),
        })),
        ...parseColumn(RulePolicySchema.strict(), rule.policy, `policy of ${where}`),
      };
    }),
  }));
}

/** The live mesh as a validated MeshConfig (zod defaults applied). */
export async function loadMesh(db: PrismaTx): Promise<MeshConfig> {
  const [services, gatewayRows, routes, policies] = await Promise.all([
    loadServices(db),
    db.gateway.findMany({ include: { listeners: { orderBy: { position: "asc" } } } }),
    loadRoutes(db),
    loadPolicies(db, (m) => new CorruptMeshRowError(m)),
  ]);
  const gateways = gatewayRows.map((g) => ({
    name: g.name,
    ...namespaceField(g.namespace),
    listeners: g.listeners.map((l) => listenerFromRow(g.name, l)),
  }));
  return meshInNameOrder(
    parseColumn(MeshConfigSchema, { services, gateways, routes, ...policies }, "mesh in the normalized tables"),
  );
}

/** A listener row; TLS settings (secret names only) and httpsRedirect only when set, so meshes compare equal. */
function listenerFromRow(
  gateway: string,
  l: {
    name: string;
    port: number;
    protocol: string;
    hosts: string[];
    tls: unknown;
    httpsRedirect: boolean | null;
    allowedRoutes: unknown;
  },
): Omit<Listener, "protocol"> & { protocol: string } {
  return {
    name: l.name,
    port: l.port,
    protocol: l.protocol,
    hosts: l.hosts,
    ...(l.tls === null ? {} : { tls: parseColumn(ServerTlsSchema, l.tls, `tls of listener ${gateway}/${l.name}`) }),
    ...(l.httpsRedirect === null ? {} : { httpsRedirect: l.httpsRedirect }),
    ...(l.allowedRoutes === null
      ? {}
      : {
          allowedRoutes: parseColumn(
            AllowedRoutesSchema.strict(),
            l.allowedRoutes,
            `allowedRoutes of listener ${gateway}/${l.name}`,
          ),
        }),
  };
}

const SERVICES = {
  table: "services",
  columns: {
    id: "text",
    name: "text",
    namespace: "text",
    host: "text",
    description: "text",
    external: "boolean",
    ports: "jsonb",
    traffic_policy: "jsonb",
  },
} as const satisfies TableSpec<string>;
const VERSIONS = {
  table: "service_versions",
  columns: { id: "text", service_id: "text", name: "text", labels: "jsonb", tls: "jsonb" },
} as const satisfies TableSpec<string>;
const ENDPOINTS = {
  table: "endpoints",
  columns: { id: "text", version_id: "text", position: "integer", address: "text", port: "integer", weight: "integer" },
} as const satisfies TableSpec<string>;
const GATEWAYS = {
  table: "gateways",
  columns: { id: "text", name: "text", namespace: "text" },
} as const satisfies TableSpec<string>;
const LISTENERS = {
  table: "gateway_listeners",
  columns: {
    id: "text",
    gateway_id: "text",
    position: "integer",
    name: "text",
    port: "integer",
    protocol: "text",
    hosts: "text[]",
    tls: "jsonb",
    https_redirect: "boolean",
    allowed_routes: "jsonb",
  },
} as const satisfies TableSpec<string>;
const ROUTES = {
  table: "routes",
  columns: {
    id: "text",
    name: "text",
    namespace: "text",
    semantics: "text",
    creation_order: "integer",
    hosts: "text[]",
    listener_refs: "jsonb",
  },
} as const satisfies TableSpec<string>;
const BINDINGS = {
  table: "route_gateways",
  columns: { route_id: "text", gateway_id: "text", position: "integer" },
} as const satisfies TableSpec<string>;
const RULES = {
  table: "route_rules",
  columns: { id: "text", route_id: "text", position: "integer", name: "text", matches: "jsonb", policy: "jsonb" },
} as const satisfies TableSpec<string>;
const DESTINATIONS = {
  table: "route_destinations",
  columns: {
    id: "text",
    rule_id: "text",
    position: "integer",
    service_name: "text",
    version_name: "text",
    weight: "integer",
    port: "integer",
  },
} as const satisfies TableSpec<string>;

type Row<T extends TableSpec<string>> = RowOf<keyof T["columns"] & string>;

async function insertServices(tx: PrismaTx, services: Service[]): Promise<void> {
  const serviceRows: Row<typeof SERVICES>[] = [];
  const versionRows: Row<typeof VERSIONS>[] = [];
  const endpointRows: Row<typeof ENDPOINTS>[] = [];
  for (const s of services) {
    const serviceId = randomUUID();
    serviceRows.push({
      id: serviceId,
      name: s.name,
      namespace: namespaceOf(s),
      host: s.host,
      description: s.description,
      external: s.external,
      ports: s.ports,
      traffic_policy: s.trafficPolicy,
    });
    for (const v of s.versions) {
      const versionId = randomUUID();
      versionRows.push({ id: versionId, service_id: serviceId, name: v.name, labels: v.labels, tls: v.tls });
      v.endpoints.forEach((e, position) =>
        endpointRows.push({
          id: randomUUID(),
          version_id: versionId,
          position,
          address: e.address,
          port: e.port,
          weight: e.weight,
        }),
      );
    }
  }
  await bulkInsert(tx, SERVICES, serviceRows);
  await bulkInsert(tx, VERSIONS, versionRows);
  await bulkInsert(tx, ENDPOINTS, endpointRows);
}

async function insertGateways(tx: PrismaTx, gateways: MeshConfig["gateways"]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const listenerRows: Row<typeof LISTENERS>[] = [];
  for (const g of gateways) {
    const id = randomUUID();
    ids.set(g.name, id);
    g.listeners.forEach((l, position) =>
      listenerRows.push({
        id: randomUUID(),
        gateway_id: id,
        position,
        name: l.name,
        port: l.port,
        protocol: l.protocol,
        hosts: l.hosts,
        tls: l.tls,
        https_redirect: l.httpsRedirect,
        allowed_routes: l.allowedRoutes,
      }),
    );
  }
  await bulkInsert(
    tx,
    GATEWAYS,
    gateways.map((g) => ({ id: ids.get(g.name)!, name: g.name, namespace: namespaceOf(g) })),
  );
  await bulkInsert(tx, LISTENERS, listenerRows);
  return ids;
}

async function insertRoutes(tx: PrismaTx, routes: Route[], gatewayIds: Map<string, string>): Promise<void> {
  const routeRows: Row<typeof ROUTES>[] = [];
  const bindingRows: Row<typeof BINDINGS>[] = [];
  const ruleRows: Row<typeof RULES>[] = [];
  const destinationRows: Row<typeof DESTINATIONS>[] = [];
  for (const r of routes) {
    const routeId = randomUUID();
    routeRows.push({
      id: routeId,
      name: r.name,
      namespace: namespaceOf(r),
      semantics: r.semantics,
      creation_order: r.creationOrder,
      hosts: r.hosts,
      listener_refs: r.listenerRefs,
    });
    r.gateways.forEach((name, position) => {
      const gatewayId = gatewayIds.get(name);
      if (!gatewayId) throw new Error(`route ${r.name} is bound to unknown gateway ${name}`);
      bindingRows.push({ route_id: routeId, gateway_id: gatewayId, position });
    });
    r.rules.forEach((rule, position) => {
      const ruleId = randomUUID();
      ruleRows.push({
        id: ruleId,
        route_id: routeId,
        position,
        name: rule.name,
        matches: rule.matches,
        policy: rulePolicy(rule),
      });
      rule.destinations.forEach((d, i) =>
        destinationRows.push({
          id: randomUUID(),
          rule_id: ruleId,
          position: i,
          service_name: d.service,
          version_name: d.version,
          weight: d.weight,
          port: d.port,
        }),
      );
    });
  }
  await bulkInsert(tx, ROUTES, routeRows);
  await bulkInsert(tx, BINDINGS, bindingRows);
  await bulkInsert(tx, RULES, ruleRows);
  await bulkInsert(tx, DESTINATIONS, destinationRows);
}

/**
 * Rewrites the normalized tables to exactly `mesh`. Call it inside the caller's interactive
 * transaction: on any error (invalid shape, duplicate name, unknown gateway) the caller's
 * rollback leaves the previous mesh intact. With `previous` (what the tables hold now, read under the publish
 * lock) only what differs is written: a one-route change to a 500-service mesh is a handful of statements
 * instead of ~6,000 rows deleted and inserted again.
 */
export async function replaceMesh(tx: PrismaTx, mesh: MeshConfig, previous?: MeshConfig): Promise<void> {
  const parsed = MeshConfigSchema.parse(mesh);
  if (previous) return writeMeshDelta(tx, previous, parsed);
  // Children go with their parents (ON DELETE CASCADE).
  await tx.route.deleteMany({});
  await tx.gateway.deleteMany({});
  await tx.service.deleteMany({});
  await insertServices(tx, parsed.services);
  const gatewayIds = await insertGateways(tx, parsed.gateways);
  await insertRoutes(tx, parsed.routes, gatewayIds);
  await replacePolicies(tx, parsed);
}

/**
 * Writes the difference between `before` (the tables' content) and `after`. Entities are compared whole (a
 * service with its versions and endpoints, a gateway with its listeners, a route with its rules): a changed one is
 * deleted and inserted again. Deleting a gateway cascades to its route bindings, so mesh-delta.ts counts the routes
 * bound to a changed gateway as changed too.
 */
async function writeMeshDelta(tx: PrismaTx, before: MeshConfig, after: MeshConfig): Promise<void> {
  const d = meshDelta(before, after);
  if (d.routes.remove.length > 0) await tx.route.deleteMany({ where: { name: { in: d.routes.remove } } });
  if (d.gateways.remove.length > 0) await tx.gateway.deleteMany({ where: { name: { in: d.gateways.remove } } });
  if (d.services.remove.length > 0) await tx.service.deleteMany({ where: { name: { in: d.services.remove } } });
  if (d.services.insert.length > 0) await insertServices(tx, d.services.insert);
  const gatewayIds = d.gateways.insert.length > 0 ? await insertGateways(tx, d.gateways.insert) : new Map();
  if (d.routes.insert.length > 0) {
    const bound = new Set(d.routes.insert.flatMap((r) => r.gateways).filter((name) => !gatewayIds.has(name)));
    if (bound.size > 0) {
      const rows = await tx.gateway.findMany({ where: { name: { in: [...bound] } }, select: { id: true, name: true } });
      for (const row of rows) gatewayIds.set(row.name, row.id);
    }
    await insertRoutes(tx, d.routes.insert, gatewayIds);
  }
  if (policiesChanged(before, after)) await replacePolicies(tx, after);
}
