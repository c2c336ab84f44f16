import {
  GATEWAY_API_GROUP,
  GatewaySchema,
  LabelSelectorSchema,
  namespaceField,
  RouteSchema,
  type AllowedRoutes,
  type LabelSelector,
  type Listener,
  type ListenerRef,
} from "../model/index.ts";
import { resolveGateway, type ImportContext } from "./context.ts";
import type { ParsedDocument } from "./documents.ts";
import { importGatewayApiRule } from "./gateway-api-import-rules.ts";
import { GATEWAY_CLASS } from "./gateway-api-shared.ts";
import { readMetadata } from "./istio-import-services.ts";
import { toName } from "./registry.ts";
import { gatewayApiListenerTls } from "./tls-import.ts";
import { gatewayFrontendValidation, type FrontendValidation } from "./frontend-validation.ts";
import { asArray, asNumber, asRecord, asString, type DocumentLog, type YamlPath } from "./report.ts";

const ROUTE_KINDS = new Set(["HTTPRoute"]);

/**
 * A listener's allowedRoutes (absent: routes of the Gateway's namespace, of any kind the listener's protocol takes,
 * the spec's default). Kinds outside gateway.networking.k8s.io, and kinds Signalbox has no routes of (TLSRoute,
 * GRPCRoute…), are kept by name: a listener allowing only those takes no HTTPRoute, as in the spec.
 */
function allowedRoutes(raw: unknown, log: DocumentLog, path: YamlPath): AllowedRoutes {
  const a = asRecord(raw);
  log.checkKeys(a, ["namespaces", "kinds"], path);
  const ns = asRecord(a.namespaces);
  log.checkKeys(ns, ["from", "selector"], [...path, "namespaces"]);
  const from = ns.from === "All" || ns.from === "Selector" ? ns.from : "Same";
  if (ns.from !== undefined && ns.from !== from)
    log.partial([...path, "namespaces", "from"], `from ${String(ns.from)} is not a Gateway API value: read as Same`);
  const out: AllowedRoutes = { from };
  if (from === "Selector") out.selector = labelSelector(ns.selector, log, [...path, "namespaces", "selector"]);
  else if (ns.selector !== undefined)
    log.partial([...path, "namespaces", "selector"], "a selector applies only with from: Selector; ignored");
  if (a.kinds !== undefined)
    out.kinds = asArray(a.kinds).map((k, i) => {
      const kind = asRecord(k);
      log.checkKeys(kind, ["group", "kind"], [...path, "kinds", i]);
      const group = asString(kind.group) ?? GATEWAY_API_GROUP;
      const name = asString(kind.kind) ?? "";
      if (group !== GATEWAY_API_GROUP || !ROUTE_KINDS.has(name))
        log.partial(
          [...path, "kinds", i],
          `route kind ${group}/${name} is kept, but Signalbox has no such routes: only HTTPRoute attaches`,
        );
      return group === GATEWAY_API_GROUP ? name : `${group}/${name}`;
    });
  return out;
}

function labelSelector(raw: unknown, log: DocumentLog, path: YamlPath): LabelSelector {
  const s = asRecord(raw);
  log.checkKeys(s, ["matchLabels", "matchExpressions"], path);
  const parsed = LabelSelectorSchema.safeParse({
    matchLabels: Object.fromEntries(Object.entries(asRecord(s.matchLabels)).map(([k, v]) => [k, String(v)])),
    matchExpressions: asArray(s.matchExpressions),
  });
  if (parsed.success) return parsed.data;
  log.partial(
    path,
    `selector not understood (${parsed.error.issues[0]?.message ?? "invalid"}): it selects no namespace`,
  );
  // An impossible selector: a label that must both exist and not exist.
  return {
    matchLabels: {},
    matchExpressions: [
      { key: "signalbox.dev/invalid-selector", operator: "Exists", values: [] },
      { key: "signalbox.dev/invalid-selector", operator: "DoesNotExist", values: [] },
    ],
  };
}

function listener(
  raw: Record<string, unknown>,
  log: DocumentLog,
  path: YamlPath,
  frontend: (port: number) => FrontendValidation | null | undefined,
): Listener | undefined {
  log.checkKeys(raw, ["name", "hostname", "port", "protocol", "tls", "allowedRoutes"], path);
  const allowed = allowedRoutes(raw.allowedRoutes, log, [...path, "allowedRoutes"]);
  const protocol = asString(raw.protocol);
  if (protocol !== "HTTP" && protocol !== "HTTPS")
    return void log.partial(path, `protocol ${protocol} is not supported; listener skipped`);
  const name = toName(asString(raw.name) ?? `${protocol.toLowerCase()}-${asNumber(raw.port)}`);
  const port = asNumber(raw.port) ?? 0;
  let tls = protocol === "HTTPS" ? gatewayApiListenerTls(raw.tls, log, [...path, "tls"]) : undefined;
  if (protocol === "HTTP" && raw.tls !== undefined)
    log.partial([...path, "tls"], "tls on an HTTP listener is ignored (Gateway API allows it only on HTTPS)");
  const validation = protocol === "HTTPS" ? frontend(port) : undefined;
  if (validation === null)
    return void log.partial(
      path,
      "spec.tls.frontend names no usable CA certificate for this port: the listener is skipped (Gateway API: not accepted)",
    );
  if (tls && validation) tls = { ...tls, mode: "MUTUAL", ...validation };
  return { name, port, protocol, hosts: [asString(raw.hostname) ?? "*"], tls, allowedRoutes: allowed };
}

/**
 * Each Gateway API listener is one Signalbox listener (its name is what parentRefs' sectionName selects); listeners
 * on one port are told apart by their hostnames, as in Gateway API.
 */
export function importGatewayApiGateway(doc: ParsedDocument, ctx: ImportContext): void {
  const { log } = doc;
  readMetadata(doc);
  log.checkKeys(doc.body, ["apiVersion", "kind", "metadata", "spec"], []);
  const spec = asRecord(doc.body.spec);
  log.checkKeys(spec, ["gatewayClassName", "listeners", "tls"], ["spec"]);
  const frontend = gatewayFrontendValidation(spec.tls, log, ["spec", "tls"]);
  if (spec.gatewayClassName !== GATEWAY_CLASS)
    log.partial(
      ["spec", "gatewayClassName"],
      `gateway class ${String(spec.gatewayClassName)} is not imported: Signalbox gateways are its own proxies`,
    );
  const merged: Listener[] = [];
  asArray(spec.listeners).forEach((raw, i) => {
    const l = listener(asRecord(raw), log, ["spec", "listeners", i], frontend);
    if (l) merged.push(l);
  });
  const parsed = GatewaySchema.safeParse({
    name: toName(doc.name),
    ...namespaceField(doc.namespace ?? ctx.namespace),
    listeners: merged,
  });
  if (parsed.success) ctx.gateways.push(parsed.data);
  else log.invalid(["spec"], parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
}

/**
 * Gateways from Gateway parentRefs, with a ListenerRef for each that names a listener (sectionName) or a port; a
 * Service parentRef (GAMMA) binds to the mesh and supplies the host.
 */
function parents(
  raw: unknown,
  doc: ParsedDocument,
  ctx: ImportContext,
): { gateways: string[]; listenerRefs: ListenerRef[]; serviceHosts: string[]; unresolved: number } {
  const log = doc.log;
  const gateways: string[] = [];
  const listenerRefs: ListenerRef[] = [];
  const serviceHosts: string[] = [];
  const whole = new Set<string>();
  let unresolved = 0;
  asArray(raw).forEach((r, i) => {
    const p = asRecord(r);
    const path = ["spec", "parentRefs", i];
    log.checkKeys(p, ["group", "kind", "name", "namespace", "port", "sectionName"], path);
    const name = asString(p.name) ?? "";
    if (p.kind === "Service") {
      if (p.port !== undefined)
        log.partial(
          [...path, "port"],
          `service port ${String(p.port)} is not imported: Signalbox routes match by host`,
        );
      serviceHosts.push(name);
    } else {
      // The Gateway lives in the parentRef's namespace, by default the route's own (the spec).
      const own = doc.namespace ?? ctx.namespace;
      const gateway = resolveGateway(ctx, asString(p.namespace) ?? own, name, log, path, own);
      if (gateway === null) return void unresolved++;
      if (!gateways.includes(gateway)) gateways.push(gateway);
      const sectionName = asString(p.sectionName);
      const port = asNumber(p.port);
      if (sectionName !== undefined || port !== undefined)
        listenerRefs.push({ gateway, sectionName: sectionName && toName(sectionName), port });
      // A parentRef to the whole gateway beside narrowed ones: the whole gateway wins.
      else whole.add(gateway);
    }
  });
  return { gateways, listenerRefs: listenerRefs.filter((l) => !whole.has(l.gateway)), serviceHosts, unresolved };
}

export function importHttpRoute(doc: ParsedDocument, ctx: ImportContext): void {
  const { log } = doc;
  readMetadata(doc);
  log.checkKeys(doc.body, ["apiVersion", "kind", "metadata", "spec"], []);
  const spec = asRecord(doc.body.spec);
  log.checkKeys(spec, ["parentRefs", "hostnames", "rules"], ["spec"]);
  const { gateways, listenerRefs, serviceHosts, unresolved } = parents(spec.parentRefs, doc, ctx);
  // Every Gateway it names is missing: it attaches nowhere, and a Signalbox route without gateways would serve the
  // whole mesh instead.
  if (unresolved > 0 && gateways.length === 0 && serviceHosts.length === 0)
    return log.partial(["spec", "parentRefs"], "the route attaches to no Gateway that exists: not imported");
  if (gateways.length > 0 && serviceHosts.length > 0)
    log.partial(
      ["spec", "parentRefs"],
      "a Signalbox route binds either to gateways or to the mesh; imported for the gateways only",
    );
  const hostnames = asArray(spec.hostnames).map(String);
  const hosts =
    hostnames.length > 0 ? hostnames : gateways.length === 0 && serviceHosts.length > 0 ? serviceHosts : ["*"];
  // Gateway API's default rule matches everything and forwards nowhere without backends; keep one rule.
  const rawRules = asArray(spec.rules).length > 0 ? asArray(spec.rules) : [{}];
  const rules = rawRules.map((r, i) => importGatewayApiRule(asRecord(r), ctx, doc, ["spec", "rules", i]));
  const parsed = RouteSchema.safeParse({
    name: toName(doc.name),
    ...namespaceField(doc.namespace ?? ctx.namespace),
    semantics: "gateway-api",
    // Document order stands for creationTimestamp, the spec's tie-breaker between merged routes.
    creationOrder: ctx.routes.length,
    hosts,
    gateways,
    listenerRefs,
    rules,
  });
  if (parsed.success) ctx.routes.push(parsed.data);
  else for (const i of parsed.error.issues) log.invalid(["spec"], `route ${i.path.join(".")}: ${i.message}`);
}
