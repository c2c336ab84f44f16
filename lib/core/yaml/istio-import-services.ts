import {
  GatewaySchema,
  HealthCheckSchema,
  namespaceField,
  type LoadBalancer,
  type Listener,
  type ServicePort,
  type PortTrafficPolicy,
  type TrafficPolicy,
} from "../model/index.ts";
import type { ImportContext } from "./context.ts";
import type { ParsedDocument } from "./documents.ts";
import { parseDuration } from "./durations.ts";
import { ANNOTATION_DESCRIPTION, ANNOTATION_HEALTH_CHECK } from "./istio-export-services.ts";
import { toName } from "./registry.ts";
import { istioClientTls, istioServerTls } from "./tls-import.ts";
import { asArray, asNumber, asRecord, asString, type DocumentLog, type YamlPath } from "./report.ts";

const META_KEYS = ["name", "namespace", "annotations"];

/** Annotations Signalbox writes itself are read back; any other annotation is reported. */
export function readMetadata(doc: ParsedDocument): Record<string, string> {
  const meta = asRecord(doc.body.metadata);
  doc.log.checkKeys(meta, META_KEYS, ["metadata"]);
  const ann = asRecord(meta.annotations);
  doc.log.checkKeys(ann, [ANNOTATION_DESCRIPTION, ANNOTATION_HEALTH_CHECK], ["metadata", "annotations"]);
  return Object.fromEntries(Object.entries(ann).filter((e): e is [string, string] => typeof e[1] === "string"));
}

export function importServiceEntry(doc: ParsedDocument, ctx: ImportContext): void {
  const { log } = doc;
  const ann = readMetadata(doc);
  const spec = asRecord(doc.body.spec);
  log.checkKeys(doc.body, ["apiVersion", "kind", "metadata", "spec"], []);
  log.checkKeys(spec, ["hosts", "ports", "location", "resolution", "endpoints"], ["spec"]);
  const ports = asArray(spec.ports).map(asRecord);
  const port = ports[0] ?? {};
  const servicePorts = readPorts(ports, log);
  const hosts = asArray(spec.hosts).filter((h): h is string => typeof h === "string");
  if (hosts.length === 0) return log.invalid(["spec", "hosts"], "a ServiceEntry needs at least one host");
  hosts.forEach((host, i) => {
    const draft = ctx.registry.declare(host, doc.namespace, i === 0 ? doc.name : undefined, log);
    draft.external = spec.location !== "MESH_INTERNAL"; // MESH_EXTERNAL is Istio's default
    draft.description = ann[ANNOTATION_DESCRIPTION] ?? draft.description;
    draft.ports = servicePorts;
    asArray(spec.endpoints).forEach((raw, e) => {
      const ep = asRecord(raw);
      const path: YamlPath = ["spec", "endpoints", e];
      if (i === 0) log.checkKeys(ep, ["address", "ports", "labels", "weight"], path);
      const address = asString(ep.address);
      // Istio: an endpoint takes a port on its `ports` entry, else the port's targetPort, else its number.
      const numberOf = (p: Record<string, unknown>) =>
        asNumber(asRecord(ep.ports)[asString(p.name) ?? ""]) ?? asNumber(p.targetPort) ?? asNumber(p.number);
      const epPort = numberOf(port);
      if (!address || epPort === undefined)
        return void (i === 0 && log.invalid(path, "an endpoint needs an address and a port"));
      // The first port's number is the endpoint's; a service port it takes on another number is mapped by name.
      const mapped = servicePorts.flatMap((sp) => {
        const raw = ports.find((p) => toName(asString(p.name) ?? "") === sp.name);
        const n = raw && numberOf(raw);
        return n !== undefined && n !== epPort ? [[sp.name, n] as const] : [];
      });
      const labels = Object.fromEntries(Object.entries(asRecord(ep.labels)).map(([k, v]) => [k, String(v)]));
      draft.endpoints.push({
        address,
        port: epPort,
        weight: asNumber(ep.weight) ?? 1,
        ...(mapped.length > 0 ? { ports: Object.fromEntries(mapped) } : {}),
        labels,
        log,
        path,
      });
    });
  });
}

/**
 * Istio's protocols the proxy forwards; a name prefix (`grpc-…`, `http2-…`) says it when `protocol` is absent. An
 * HTTPS port carries HTTP/1.1 whose TLS the DestinationRule's `tls` originates (the TLS-origination ServiceEntry).
 */
const PORT_PROTOCOLS: Record<string, ServicePort["protocol"]> = {
  HTTP: "HTTP",
  HTTPS: "HTTP",
  HTTP2: "HTTP2",
  GRPC: "GRPC",
};

/**
 * A ServiceEntry's ports as service ports. One HTTP/1.1 port (http or https) is what a service without ports means
 * (HTTP/1.1 to each endpoint's port; the export writes one `http` port): it is read back as none, so round trips keep
 * the mesh as it was.
 */
function readPorts(ports: Record<string, unknown>[], log: DocumentLog): ServicePort[] {
  const out: ServicePort[] = [];
  ports.forEach((p, i) => {
    const path: YamlPath = ["spec", "ports", i];
    log.checkKeys(p, ["number", "name", "protocol", "targetPort"], path);
    const name = asString(p.name) ?? "";
    const declared = asString(p.protocol)?.toUpperCase() ?? name.split("-")[0]!.toUpperCase();
    const protocol = PORT_PROTOCOLS[declared] ?? (asString(p.protocol) === undefined ? "HTTP" : undefined);
    const number = asNumber(p.number);
    if (protocol === undefined)
      return void log.partial([...path, "protocol"], `port ${name}: protocol ${declared} is not forwarded, left out`);
    if (number === undefined || name === "") return void log.invalid(path, "a port needs a number and a name");
    if (declared === "HTTPS")
      log.partial(
        [...path, "protocol"],
        `port ${name}: protocol HTTPS is read as HTTP/1.1 to the endpoints: the proxy originates TLS where a DestinationRule's tls says so, and does not pass a client's TLS through`,
      );
    out.push({ name: toName(name), number, protocol });
  });
  return out.length === 1 && out[0]!.protocol === "HTTP" ? [] : out;
}

function loadBalancer(raw: Record<string, unknown>, log: DocumentLog, path: YamlPath): LoadBalancer | undefined {
  log.checkKeys(raw, ["simple", "consistentHash"], path);
  const simple = asString(raw.simple);
  if (simple === "ROUND_ROBIN" || simple === "LEAST_REQUEST" || simple === "RANDOM") return { type: simple };
  if (simple === "LEAST_CONN") return { type: "LEAST_REQUEST" }; // Istio's deprecated alias
  if (simple) return void log.partial([...path, "simple"], `load balancer ${simple} is not supported`);
  const ch = asRecord(raw.consistentHash);
  const at = [...path, "consistentHash"];
  log.checkKeys(ch, ["httpHeaderName", "httpCookie", "useSourceIp"], at);
  if (typeof ch.httpHeaderName === "string")
    return { type: "CONSISTENT_HASH", hashOn: { kind: "header", name: ch.httpHeaderName } };
  if (ch.useSourceIp === true) return { type: "CONSISTENT_HASH", hashOn: { kind: "sourceIp" } };
  const cookie = asRecord(ch.httpCookie);
  if (typeof cookie.name === "string") {
    log.checkKeys(cookie, ["name", "ttl"], [...at, "httpCookie"]);
    return { type: "CONSISTENT_HASH", hashOn: { kind: "cookie", name: cookie.name } };
  }
  return undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The parts a service-level policy and a portLevelSettings entry share (Istio's TrafficPolicy and PortTrafficPolicy). */
function policyParts(tp: Record<string, unknown>, log: DocumentLog, path: YamlPath) {
  const cp = asRecord(tp.connectionPool);
  log.checkKeys(cp, ["tcp", "http"], [...path, "connectionPool"]);
  log.checkKeys(cp.tcp, ["maxConnections"], [...path, "connectionPool", "tcp"]);
  log.checkKeys(cp.http, ["http1MaxPendingRequests", "maxRequestsPerConnection"], [...path, "connectionPool", "http"]);
  const od = asRecord(tp.outlierDetection);
  log.checkKeys(
    od,
    ["consecutive5xxErrors", "consecutiveErrors", "interval", "baseEjectionTime", "maxEjectionPercent"],
    [...path, "outlierDetection"],
  );
  return {
    loadBalancer: tp.loadBalancer ? loadBalancer(asRecord(tp.loadBalancer), log, [...path, "loadBalancer"]) : undefined,
    connectionPool: tp.connectionPool
      ? {
          maxConnections: asNumber(asRecord(cp.tcp).maxConnections),
          maxPendingRequests: asNumber(asRecord(cp.http).http1MaxPendingRequests),
          maxRequestsPerConnection: asNumber(asRecord(cp.http).maxRequestsPerConnection),
        }
      : undefined,
    outlierDetection: tp.outlierDetection
      ? {
          consecutiveErrors: asNumber(od.consecutive5xxErrors) ?? asNumber(od.consecutiveErrors) ?? 5,
          intervalMs: parseDuration(od.interval) ?? 10_000,
          baseEjectionMs: parseDuration(od.baseEjectionTime) ?? 30_000,
          maxEjectionPercent: asNumber(od.maxEjectionPercent) ?? 10,
        }
      : undefined,
    tls: istioClientTls(tp.tls, log, [...path, "tls"]),
  };
}

const PART_KEYS = ["loadBalancer", "connectionPool", "outlierDetection", "tls"];

/** `portLevelSettings[]`: one entry per port number; an entry without a port, or a second one for a port, is left out. */
function portLevelSettings(raw: unknown, log: DocumentLog, path: YamlPath): PortTrafficPolicy[] | undefined {
  const out: PortTrafficPolicy[] = [];
  asArray(raw).forEach((entry, i) => {
    const e = asRecord(entry);
    const at = [...path, i];
    log.checkKeys(e, ["port", ...PART_KEYS], at);
    log.checkKeys(e.port, ["number"], [...at, "port"]);
    const port = asNumber(asRecord(e.port).number);
    if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535)
      return void log.invalid([...at, "port"], "a port-level setting needs port.number 1..65535");
    if (out.some((p) => p.port === port))
      return void log.invalid([...at, "port"], `port ${port} already has port-level settings; this entry is ignored`);
    out.push({ port, ...policyParts(e, log, at) });
  });
  return out.length > 0 ? out : undefined;
}

function trafficPolicy(raw: unknown, log: DocumentLog, health: string | undefined): TrafficPolicy | undefined {
  const tp = asRecord(raw);
  const path = ["spec", "trafficPolicy"];
  log.checkKeys(tp, [...PART_KEYS, "portLevelSettings"], path);
  const hc = health !== undefined ? HealthCheckSchema.safeParse(safeJson(health)) : undefined;
  if (hc && !hc.success)
    log.partial(
      ["metadata", "annotations", ANNOTATION_HEALTH_CHECK],
      "health check annotation is not valid and was ignored",
    );
  const policy: TrafficPolicy = {
    ...policyParts(tp, log, path),
    healthCheck: hc?.success ? hc.data : undefined,
    portLevelSettings: portLevelSettings(tp.portLevelSettings, log, [...path, "portLevelSettings"]),
  };
  return Object.values(policy).some((v) => v !== undefined) ? policy : undefined;
}

export function importDestinationRule(doc: ParsedDocument, ctx: ImportContext): void {
  const { log } = doc;
  const ann = readMetadata(doc);
  const spec = asRecord(doc.body.spec);
  log.checkKeys(doc.body, ["apiVersion", "kind", "metadata", "spec"], []);
  log.checkKeys(spec, ["host", "subsets", "trafficPolicy"], ["spec"]);
  const host = asString(spec.host);
  if (!host) return log.invalid(["spec", "host"], "a DestinationRule needs a host");
  const draft = ctx.registry.declare(host, doc.namespace, doc.name, log);
  asArray(spec.subsets).forEach((raw, i) => {
    const s = asRecord(raw);
    log.checkKeys(s, ["name", "labels", "trafficPolicy"], ["spec", "subsets", i]);
    const tp = asRecord(s.trafficPolicy);
    const at = ["spec", "subsets", i, "trafficPolicy"];
    for (const key of Object.keys(tp))
      if (key !== "tls")
        log.partial(
          [...at, key],
          "a subset's own trafficPolicy is imported for tls only: a Signalbox version takes its service's trafficPolicy otherwise",
        );
    const subsetTls = istioClientTls(tp.tls, log, [...at, "tls"]);
    const name = asString(s.name);
    if (!name) return log.invalid(["spec", "subsets", i, "name"], "a subset needs a name");
    draft.subsets.set(name, Object.fromEntries(Object.entries(asRecord(s.labels)).map(([k, v]) => [k, String(v)])));
    if (subsetTls) draft.subsetTls.set(name, subsetTls);
  });
  draft.trafficPolicy = trafficPolicy(spec.trafficPolicy, log, ann[ANNOTATION_HEALTH_CHECK]);
}

function listener(raw: Record<string, unknown>, log: DocumentLog, path: YamlPath): Listener | undefined {
  log.checkKeys(raw, ["port", "hosts", "tls"], path);
  const port = asRecord(raw.port);
  log.checkKeys(port, ["number", "name", "protocol"], [...path, "port"]);
  const protocol = asString(port.protocol)?.toUpperCase();
  if (protocol !== "HTTP" && protocol !== "HTTPS")
    return void log.partial([...path, "port", "protocol"], `protocol ${protocol} is not supported; server skipped`);
  const name = toName(asString(port.name) ?? `${protocol}-${asNumber(port.number)}`);
  const { tls, httpsRedirect } = istioServerTls(raw.tls, log, [...path, "tls"]);
  const hosts = asArray(raw.hosts).map((h, i) => {
    const s = String(h);
    if (!s.includes("/")) return s;
    log.partial([...path, "hosts", i], `namespace-scoped host ${s} imported as ${s.slice(s.indexOf("/") + 1)}`);
    return s.slice(s.indexOf("/") + 1);
  });
  return { name, port: asNumber(port.number) ?? 0, protocol, hosts, tls, httpsRedirect };
}

export function importIstioGateway(doc: ParsedDocument, ctx: ImportContext): void {
  const { log } = doc;
  readMetadata(doc);
  const spec = asRecord(doc.body.spec);
  log.checkKeys(doc.body, ["apiVersion", "kind", "metadata", "spec"], []);
  log.checkKeys(spec, ["selector", "servers"], ["spec"]);
  const sel = asRecord(spec.selector);
  if (!(Object.keys(sel).length === 1 && sel.istio === "ingressgateway"))
    log.partial(["spec", "selector"], "the selector is not imported: Signalbox gateways are its own proxies");
  const listeners = asArray(spec.servers).flatMap(
    (raw, i) => listener(asRecord(raw), log, ["spec", "servers", i]) ?? [],
  );
  const parsed = GatewaySchema.safeParse({
    name: toName(doc.name),
    ...namespaceField(doc.namespace ?? ctx.namespace),
    listeners,
  });
  if (parsed.success) ctx.gateways.push(parsed.data);
  else log.invalid(["spec"], parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
}
