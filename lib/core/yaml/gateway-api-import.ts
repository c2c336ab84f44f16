import { GatewaySchema, RouteSchema, type Listener } from "../model/index.ts";
import type { ImportContext } from "./context.ts";
import type { ParsedDocument } from "./documents.ts";
import { importGatewayApiRule } from "./gateway-api-import-rules.ts";
import { GATEWAY_CLASS } from "./gateway-api-shared.ts";
import { readMetadata } from "./istio-import-services.ts";
import { toName } from "./registry.ts";
import { asArray, asNumber, asRecord, asString, type DocumentLog, type YamlPath } from "./report.ts";

function listener(raw: Record<string, unknown>, gw: string, log: DocumentLog, path: YamlPath): Listener | undefined {
  log.checkKeys(raw, ["name", "hostname", "port", "protocol", "tls"], path);
  const protocol = asString(raw.protocol);
  if (protocol !== "HTTP" && protocol !== "HTTPS")
    return void log.partial([...path, "protocol"], `protocol ${protocol} is not supported; listener skipped`);
  const name = toName(asString(raw.name) ?? `${protocol.toLowerCase()}-${asNumber(raw.port)}`);
  const tls = asRecord(raw.tls);
  const refs = asArray(tls.certificateRefs).map(asRecord);
  const conventional =
    tls.mode === "Terminate" && refs.length === 1 && refs[0]!.name === `${gw}-${name.replace(/-\d+$/, "")}`;
  if (raw.tls !== undefined && !conventional)
    log.partial(
      [...path, "tls"],
      "TLS settings are not imported: Signalbox listeners use the credential <gateway>-<listener>",
    );
  return { name, port: asNumber(raw.port) ?? 0, protocol, hosts: [asString(raw.hostname) ?? "*"] };
}

/** Gateway API listeners have one hostname each: listeners on one port and protocol merge into one. */
export function importGatewayApiGateway(doc: ParsedDocument, ctx: ImportContext): void {
  const { log } = doc;
  readMetadata(doc);
  log.checkKeys(doc.body, ["apiVersion", "kind", "metadata", "spec"], []);
  const spec = asRecord(doc.body.spec);
  log.checkKeys(spec, ["gatewayClassName", "listeners"], ["spec"]);
  if (spec.gatewayClassName !== GATEWAY_CLASS)
    log.partial(
      ["spec", "gatewayClassName"],
      `gateway class ${String(spec.gatewayClassName)} is not imported: Signalbox gateways are its own proxies`,
    );
  const merged: Listener[] = [];
  asArray(spec.listeners).forEach((raw, i) => {
    const l = listener(asRecord(raw), doc.name, log, ["spec", "listeners", i]);
    if (!l) return;
    const same = merged.find((m) => m.port === l.port && m.protocol === l.protocol);
    if (same) same.hosts = [...new Set([...same.hosts, ...l.hosts])];
    else merged.push(l);
  });
  const parsed = GatewaySchema.safeParse({ name: toName(doc.name), listeners: merged });
  if (parsed.success) ctx.gateways.push(parsed.data);
  else log.invalid(["spec"], parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
}

/** Gateways from Gateway parentRefs; a Service parentRef (GAMMA) binds to the mesh and supplies the host. */
function parents(raw: unknown, log: DocumentLog): { gateways: string[]; serviceHosts: string[] } {
  const gateways: string[] = [];
  const serviceHosts: string[] = [];
  asArray(raw).forEach((r, i) => {
    const p = asRecord(r);
    const path = ["spec", "parentRefs", i];
    log.checkKeys(p, ["group", "kind", "name", "port", "sectionName"], path);
    if (p.sectionName !== undefined)
      log.partial(
        [...path, "sectionName"],
        "attaching to one listener is not supported; the route binds to the whole gateway",
      );
    const name = asString(p.name) ?? "";
    if (p.kind === "Service") {
      if (p.port !== undefined)
        log.partial(
          [...path, "port"],
          `service port ${String(p.port)} is not imported: Signalbox routes match by host`,
        );
      serviceHosts.push(name);
    } else {
      if (p.port !== undefined) log.partial([...path, "port"], "binding to a gateway port is not supported");
      gateways.push(toName(name));
    }
  });
  return { gateways, serviceHosts };
}

export function importHttpRoute(doc: ParsedDocument, ctx: ImportContext): void {
  const { log } = doc;
  readMetadata(doc);
  log.checkKeys(doc.body, ["apiVersion", "kind", "metadata", "spec"], []);
  const spec = asRecord(doc.body.spec);
  log.checkKeys(spec, ["parentRefs", "hostnames", "rules"], ["spec"]);
  const { gateways, serviceHosts } = parents(spec.parentRefs, log);
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
    semantics: "gateway-api",
    // Document order stands for creationTimestamp, the spec's tie-breaker between merged routes.
    creationOrder: ctx.routes.length,
    hosts,
    gateways,
    rules,
  });
  if (parsed.success) ctx.routes.push(parsed.data);
  else for (const i of parsed.error.issues) log.invalid(["spec"], `route ${i.path.join(".")}: ${i.message}`);
}
