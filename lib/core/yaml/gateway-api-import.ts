import { GatewaySchema, namespaceField, RouteSchema, type Listener, type ListenerRef } from "../model/index.ts";
import type { ImportContext } from "./context.ts";
import type { ParsedDocument } from "./documents.ts";
import { importGatewayApiRule } from "./gateway-api-import-rules.ts";
import { GATEWAY_CLASS } from "./gateway-api-shared.ts";
import { readMetadata } from "./istio-import-services.ts";
import { toName } from "./registry.ts";
import { gatewayApiListenerTls } from "./tls-import.ts";
import { gatewayFrontendValidation, type FrontendValidation } from "./frontend-validation.ts";
import { asArray, asNumber, asRecord, asString, type DocumentLog, type YamlPath } from "./report.ts";

/** `allowedRoutes: {namespaces: {from: Same}}` (the default) is all the import reads without a report. */
function sameNamespaceOnly(raw: unknown): boolean {
  const a = asRecord(raw);
  const ns = asRecord(a.namespaces);
  const keys = Object.keys(a).every((k) => k === "namespaces") && Object.keys(ns).every((k) => k === "from");
  return keys && (ns.from === undefined || ns.from === "Same");
}

function listener(
  raw: Record<string, unknown>,
  log: DocumentLog,
  path: YamlPath,
  frontend: (port: number) => FrontendValidation | null | undefined,
): Listener | undefined {
  log.checkKeys(raw, ["name", "hostname", "port", "protocol", "tls", "allowedRoutes"], path);
  if (raw.allowedRoutes !== undefined && !sameNamespaceOnly(raw.allowedRoutes))
    log.partial(
      [...path, "allowedRoutes"],
      "allowedRoutes is not enforced: every route naming this gateway attaches, whatever its namespace",
    );
  const protocol = asString(raw.protocol);
  if (protocol !== "HTTP" && protocol !== "HTTPS")
    return void log.partial([...path, "protocol"], `protocol ${protocol} is not supported; listener skipped`);
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
  return { name, port, protocol, hosts: [asString(raw.hostname) ?? "*"], tls };
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
  log: DocumentLog,
  namespace: string | undefined,
): { gateways: string[]; listenerRefs: ListenerRef[]; serviceHosts: string[] } {
  const gateways: string[] = [];
  const listenerRefs: ListenerRef[] = [];
  const serviceHosts: string[] = [];
  asArray(raw).forEach((r, i) => {
    const p = asRecord(r);
    const path = ["spec", "parentRefs", i];
    log.checkKeys(p, ["group", "kind", "name", "namespace", "port", "sectionName"], path);
    const name = asString(p.name) ?? "";
    if (p.namespace !== undefined && p.namespace !== namespace)
      log.partial(
        [...path, "namespace"],
        `namespace ${String(p.namespace)} is not checked: gateway names are unique across namespaces, so the gateway is found by name`,
      );
    if (p.kind === "Service") {
      if (p.port !== undefined)
        log.partial(
          [...path, "port"],
          `service port ${String(p.port)} is not imported: Signalbox routes match by host`,
        );
      serviceHosts.push(name);
    } else {
      const gateway = toName(name);
      if (!gateways.includes(gateway)) gateways.push(gateway);
      const sectionName = asString(p.sectionName);
      const port = asNumber(p.port);
      if (sectionName !== undefined || port !== undefined)
        listenerRefs.push({ gateway, sectionName: sectionName && toName(sectionName), port });
    }
  });
  // A parentRef to the whole gateway beside narrowed ones: the whole gateway wins.
  const whole = new Set(
    asArray(raw)
      .map(asRecord)
      .filter((p) => p.kind !== "Service" && p.sectionName === undefined && p.port === undefined)
      .map((p) => toName(asString(p.name) ?? "")),
  );
  return { gateways, listenerRefs: listenerRefs.filter((l) => !whole.has(l.gateway)), serviceHosts };
}

export function importHttpRoute(doc: ParsedDocument, ctx: ImportContext): void {
  const { log } = doc;
  readMetadata(doc);
  log.checkKeys(doc.body, ["apiVersion", "kind", "metadata", "spec"], []);
  const spec = asRecord(doc.body.spec);
  log.checkKeys(spec, ["parentRefs", "hostnames", "rules"], ["spec"]);
  const { gateways, listenerRefs, serviceHosts } = parents(spec.parentRefs, log, doc.namespace);
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
