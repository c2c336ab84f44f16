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

async function insertServices(tx: PrismaTx, services: Service[]): Promise<void> {
  const serviceRows: Prisma.ServiceCreateManyInput[] = [];
  const versionRows: Prisma.ServiceVersionCreateManyInput[] = [];
  const endpointRows: Prisma.EndpointCreateManyInput[] = [];
  for (const s of services) {
    const serviceId = randomUUID();
    const trafficPolicy = s.trafficPolicy === undefined ? undefined : (s.trafficPolicy as Prisma.InputJsonObject);
    serviceRows.push({
      id: serviceId,
      name: s.name,
      namespace: namespaceOf(s),
      host: s.host,
      description: s.description,
      external: s.external,
      ports: s.ports,
      trafficPolicy,
    });
    for (const v of s.versions) {
      const versionId = randomUUID();
      const tls = v.tls === undefined ? undefined : (v.tls as Prisma.InputJsonObject);
      versionRows.push({ id: versionId, serviceId, name: v.name, labels: v.labels, tls });
      v.endpoints.forEach((e, position) =>
        endpointRows.push({ versionId, position, address: e.address, port: e.port, weight: e.weight }),
      );
    }
  }
  await tx.service.createMany({ data: serviceRows });
  await tx.serviceVersion.createMany({ data: versionRows });
  await tx.endpoint.createMany({ data: endpointRows });
}

async function insertGateways(tx: PrismaTx, mesh: MeshConfig): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const listenerRows: Prisma.GatewayListenerCreateManyInput[] = [];
  for (const g of mesh.gateways) {
    const id = randomUUID();
    ids.set(g.name, id);
    g.listeners.forEach((l, position) =>
      listenerRows.push({
        gatewayId: id,
        position,
        name: l.name,
        port: l.port,
        protocol: l.protocol,
        hosts: l.hosts,
        tls: l.tls === undefined ? undefined : (l.tls as Prisma.InputJsonObject),
        httpsRedirect: l.httpsRedirect,
        // JSON round trip: Prisma refuses undefined keys (an absent selector or kinds).
        allowedRoutes:
          l.allowedRoutes === undefined
            ? undefined
            : (JSON.parse(JSON.stringify(l.allowedRoutes)) as Prisma.InputJsonObject),
      }),
    );
  }
  await tx.gateway.createMany({
    data: mesh.gateways.map((g) => ({ id: ids.get(g.name)!, name: g.name, namespace: namespaceOf(g) })),
  });
  await tx.gatewayListener.createMany({ data: listenerRows });
  return ids;
}

async function insertRoutes(tx: PrismaTx, routes: Route[], gatewayIds: Map<string, string>): Promise<void> {
  const routeRows: Prisma.RouteCreateManyInput[] = [];
  const bindingRows: Prisma.RouteGatewayCreateManyInput[] = [];
  const ruleRows: Prisma.RouteRuleCreateManyInput[] = [];
  const destinationRows: Prisma.RouteDestinationCreateManyInput[] = [];
  for (const r of routes) {
    const routeId = randomUUID();
    routeRows.push({
      id: routeId,
      name: r.name,
      namespace: namespaceOf(r),
      semantics: r.semantics,
      creationOrder: r.creationOrder,
      hosts: r.hosts,
      listenerRefs: r.listenerRefs as Prisma.InputJsonArray,
    });
    r.gateways.forEach((name, position) => {
      const gatewayId = gatewayIds.get(name);
      if (!gatewayId) throw new Error(`route ${r.name} is bound to unknown gateway ${name}`);
      bindingRows.push({ routeId, gatewayId, position });
    });
    r.rules.forEach((rule, position) => {
      const ruleId = randomUUID();
      ruleRows.push({
        id: ruleId,
        routeId,
        position,
        name: rule.name,
        matches: rule.matches as Prisma.InputJsonArray,
        policy: rulePolicy(rule),
      });
      rule.destinations.forEach((d, i) =>
        destinationRows.push({
          ruleId,
          position: i,
          serviceName: d.service,
          versionName: d.version,
          weight: d.weight,
          port: d.port ?? null,
        }),
      );
    });
  }
  await tx.route.createMany({ data: routeRows });
  await tx.routeGateway.createMany({ data: bindingRows });
  await tx.routeRule.createMany({ data: ruleRows });
  await tx.routeDestination.createMany({ data: destinationRows });
}

/**
 * Rewrites the normalized tables to exactly `mesh`. Call it inside the caller's interactive
 * transaction: on any error (invalid shape, duplicate name, unknown gateway) the caller's
 * rollback leaves the previous mesh intact.
 */
export async function replaceMesh(tx: PrismaTx, mesh: MeshConfig): Promise<void> {
  const parsed = MeshConfigSchema.parse(mesh);
  // Children go with their parents (ON DELETE CASCADE).
  await tx.route.deleteMany({});
  await tx.gateway.deleteMany({});
  await tx.service.deleteMany({});
  await insertServices(tx, parsed.services);
  const gatewayIds = await insertGateways(tx, parsed);
  await insertRoutes(tx, parsed.routes, gatewayIds);
  await replacePolicies(tx, parsed);
}
