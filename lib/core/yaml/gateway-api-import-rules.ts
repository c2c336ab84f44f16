import {
  RetryPolicySchema,
  type Destination,
  type HeaderMatch,
  type QueryMatch,
  type RouteMatch,
  type RouteRule,
  type UriMatch,
} from "../model/index.ts";
import type { ImportContext } from "./context.ts";
import type { ParsedDocument } from "./documents.ts";
import { parseDuration } from "./durations.ts";
import { BACKEND_PORT, NO_BACKEND_RESPONSE, originFromGatewayApi } from "./gateway-api-shared.ts";
import { NO_SUBSET_VERSION } from "./istio-import-vs.ts";
import { toName } from "./registry.ts";
import { asArray, asNumber, asRecord, asString, type DocumentLog, type YamlPath } from "./report.ts";

const PATH_TYPES: Record<string, UriMatch["type"]> = {
  Exact: "exact",
  PathPrefix: "pathPrefix",
  RegularExpression: "regex",
};

function valueMatches<T extends HeaderMatch | QueryMatch>(raw: unknown, log: DocumentLog, path: YamlPath): T[] {
  return asArray(raw).flatMap((x, i) => {
    const m = asRecord(x);
    log.checkKeys(m, ["type", "name", "value"], [...path, i]);
    const type = m.type === "RegularExpression" ? "regex" : "exact";
    return [{ name: asString(m.name) ?? "", type, value: asString(m.value) ?? "" } as T];
  });
}

function match(raw: Record<string, unknown>, log: DocumentLog, path: YamlPath): RouteMatch {
  log.checkKeys(raw, ["path", "headers", "queryParams", "method"], path);
  const p = asRecord(raw.path);
  log.checkKeys(p, ["type", "value"], [...path, "path"]);
  const type = PATH_TYPES[asString(p.type) ?? "PathPrefix"] ?? "pathPrefix";
  return {
    uri: raw.path !== undefined ? { type, value: asString(p.value) ?? "/" } : undefined,
    methods: typeof raw.method === "string" ? [raw.method] : [],
    authority: undefined,
    headers: valueMatches<HeaderMatch>(raw.headers, log, [...path, "headers"]),
    queryParams: valueMatches<QueryMatch>(raw.queryParams, log, [...path, "queryParams"]),
  };
}

/**
 * `<service>-<version>` → service and version, split at the last `-` (the export's convention);
 * a name without one is the service, routed to version `default`.
 */
function backend(
  name: string,
  namespace: string | undefined,
  ctx: ImportContext,
  doc: ParsedDocument,
  path: YamlPath,
  port?: number,
): { service: string; version: string } {
  const cut = name.lastIndexOf("-");
  const [svc, ver] = cut > 0 ? [name.slice(0, cut), name.slice(cut + 1)] : [name, NO_SUBSET_VERSION];
  if (cut <= 0)
    doc.log.partial(path, `backend ${name} names no version: routed to version "${NO_SUBSET_VERSION}" of ${name}`);
  const draft = ctx.registry.declare(svc, namespace, undefined, doc.log);
  draft.referencedVersions.add(ver);
  // The Service port the ref names becomes a port of the service (a Kubernetes Service's ports are not in routes),
  // HTTP/2 cleartext when the input's Service says appProtocol kubernetes.io/h2c for it.
  if (port !== undefined) {
    draft.referencedPorts.add(port);
    if (ctx.kubernetesPortProtocols.get(`${namespace ?? doc.namespace}/${name}:${port}`) === "HTTP2")
      draft.h2cPorts.add(port);
  }
  return { service: ctx.registry.nameOf(draft), version: toName(ver) };
}

/**
 * A backendRef's Service port: kept on the destination, which then uses that port's endpoint numbers and policy
 * (Cluster.byPort). BACKEND_PORT (80), what the export writes for a destination naming none, reads back as none.
 */
function refPort(raw: unknown): number | undefined {
  const port = asNumber(raw);
  return port === undefined || port === BACKEND_PORT || !Number.isInteger(port) || port < 1 || port > 65535
    ? undefined
    : port;
}

/** Gateway API weights are relative (default 1); Signalbox weights are percentages summing to 100. */
function percentages(weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0 || sum === 100) return weights;
  const out = weights.map((w) => Math.floor((w * 100) / sum));
  const short = 100 - out.reduce((a, b) => a + b, 0);
  const biggest = out.indexOf(Math.max(...out));
  out[biggest] = out[biggest]! + short;
  return out;
}

/**
 * Why a backendRef is invalid in the spec's sense (its requests are answered 500), or null: it names something other
 * than a core Service (group "", kind Service), or a Service the input's own Services do not include.
 */
function invalidBackend(r: Record<string, unknown>, ctx: ImportContext, doc: ParsedDocument): string | null {
  if ((r.group !== undefined && r.group !== "") || (r.kind !== undefined && r.kind !== "Service"))
    return `backend kind ${String(r.group ?? "")}/${String(r.kind ?? "Service")} is not a Service`;
  const namespace = asString(r.namespace) ?? doc.namespace ?? ctx.namespace;
  if (ctx.kubernetesServices && !ctx.kubernetesServices.has(`${namespace}/${String(r.name)}`))
    return `Service ${namespace}/${String(r.name)} is not among the Services of these documents`;
  return null;
}

function backends(raw: unknown, ctx: ImportContext, doc: ParsedDocument, path: YamlPath): Destination[] {
  const all = asArray(raw).map(asRecord);
  const reasons = all.map((r) => invalidBackend(r, ctx, doc));
  reasons.forEach((reason, i) => {
    if (reason === null) return;
    doc.log.partial(
      [...path, "backendRefs", i],
      reasons.every((x) => x !== null)
        ? `${reason}: requests for it are answered 500, as the spec says for an invalid backendRef`
        : `${reason}: its share of the requests goes to the rule's other backends`,
    );
  });
  const refs = all.filter((_, i) => reasons[i] === null);
  const weights = percentages(refs.map((r) => asNumber(r.weight) ?? 1));
  return refs.map((r, i) => {
    const at = [...path, "backendRefs", all.indexOf(r)];
    doc.log.checkKeys(r, ["group", "kind", "name", "namespace", "port", "weight", "filters"], at);
    // The Service lives in the ref's namespace (default: the route's); whether the route may reach it across
    // namespaces is the mesh's ReferenceGrants' say, decided when compiling (lib/core/compile/reference-grants.ts).
    const namespace = asString(r.namespace) ?? doc.namespace;
    const port = refPort(r.port);
    return {
      ...backend(asString(r.name) ?? "", namespace, ctx, doc, at, port),
      weight: weights[i]!,
      ...(port !== undefined ? { port } : {}),
      ...backendFilters(r, doc, at),
    };
  });
}

/** A backendRef's own filters: the header modifiers become the destination's; other kinds are reported. */
function backendFilters(r: Record<string, unknown>, doc: ParsedDocument, at: YamlPath): Partial<Destination> {
  const out: Partial<Destination> = {};
  asArray(r.filters).forEach((raw, i) => {
    const f = asRecord(raw);
    const where = [...at, "filters", i];
    if (f.type === "RequestHeaderModifier") {
      doc.log.checkKeys(f, ["type", "requestHeaderModifier"], where);
      out.requestHeaders = headerOps(f.requestHeaderModifier);
    } else if (f.type === "ResponseHeaderModifier") {
      doc.log.checkKeys(f, ["type", "responseHeaderModifier"], where);
      out.responseHeaders = headerOps(f.responseHeaderModifier);
    } else doc.log.partial(where, `backendRef filter ${String(f.type)} is not supported (header modifiers are)`);
  });
  return out;
}

const pairs = (raw: unknown) =>
  Object.fromEntries(
    asArray(raw)
      .map(asRecord)
      .map((h) => [String(h.name), String(h.value)]),
  );
const headerOps = (raw: unknown) => {
  const h = asRecord(raw);
  return { set: pairs(h.set), add: pairs(h.add), remove: asArray(h.remove).map(String) };
};

/** Applies one filter to the rule; anything without a Signalbox field is reported. */
function applyFilter(
  f: Record<string, unknown>,
  rule: RouteRule,
  ctx: ImportContext,
  doc: ParsedDocument,
  path: YamlPath,
): void {
  const log = doc.log;
  const key = {
    RequestHeaderModifier: "requestHeaderModifier",
    ResponseHeaderModifier: "responseHeaderModifier",
    RequestRedirect: "requestRedirect",
    URLRewrite: "urlRewrite",
    RequestMirror: "requestMirror",
    CORS: "cors",
  }[String(f.type)];
  if (!key) return log.partial(path, `filter ${String(f.type)} is not supported`);
  log.checkKeys(f, ["type", key], path);
  const body = asRecord(f[key]);
  const p = asRecord(body.path);
  if (f.type === "RequestHeaderModifier") rule.requestHeaders = headerOps(body);
  else if (f.type === "ResponseHeaderModifier") rule.responseHeaders = headerOps(body);
  else if (f.type === "RequestRedirect") {
    log.checkKeys(body, ["scheme", "hostname", "path", "port", "statusCode"], [...path, key]);
    log.checkKeys(p, ["type", "replaceFullPath", "replacePrefixMatch"], [...path, key, "path"]);
    const scheme = body.scheme === "http" || body.scheme === "https" ? body.scheme : undefined;
    if (body.scheme !== undefined && !scheme)
      log.partial([...path, key, "scheme"], `scheme ${String(body.scheme)} is not supported (http, https are)`);
    const port = asNumber(body.port);
    rule.redirect = {
      scheme,
      authority: asString(body.hostname),
      uri: p.type === "ReplaceFullPath" ? asString(p.replaceFullPath) : undefined,
      uriPrefix: p.type === "ReplacePrefixMatch" ? asString(p.replacePrefixMatch) : undefined,
      port,
      // The spec's defaults: the scheme's well-known port with a scheme, else the listener's port.
      derivePort: port !== undefined ? undefined : scheme ? "FROM_PROTOCOL_DEFAULT" : "FROM_LISTENER_PORT",
      responseCode: asNumber(body.statusCode) ?? 302,
    };
  } else if (f.type === "URLRewrite") {
    log.checkKeys(body, ["hostname", "path"], [...path, key]);
    log.checkKeys(p, ["type", "replaceFullPath", "replacePrefixMatch"], [...path, key, "path"]);
    rule.rewrite = {
      authority: asString(body.hostname),
      uri: p.type === "ReplaceFullPath" ? asString(p.replaceFullPath) : undefined,
      uriPrefix: p.type === "ReplacePrefixMatch" ? asString(p.replacePrefixMatch) : undefined,
    };
  } else if (f.type === "RequestMirror") {
    log.checkKeys(body, ["backendRef", "percent", "fraction"], [...path, key]);
    const fr = asRecord(body.fraction);
    const percent =
      asNumber(body.percent) ??
      (fr.numerator !== undefined ? (Number(fr.numerator) * 100) / (asNumber(fr.denominator) ?? 100) : 100);
    const ref = asRecord(body.backendRef);
    log.checkKeys(ref, ["group", "kind", "name", "namespace", "port"], [...path, key, "backendRef"]);
    if (ref.port !== undefined && ref.port !== BACKEND_PORT)
      log.partial(
        [...path, key, "backendRef", "port"],
        `port ${String(ref.port)} is not imported: a mirror goes to the version's endpoints on their own port`,
      );
    const target = {
      ...backend(asString(ref.name) ?? "", asString(ref.namespace) ?? doc.namespace, ctx, doc, [
        ...path,
        key,
        "backendRef",
      ]),
      percent,
    };
    // Several RequestMirror filters each mirror: the first is `mirror`, the others follow in `extraMirrors`.
    if (!rule.mirror) rule.mirror = target;
    else rule.extraMirrors = [...(rule.extraMirrors ?? []), target];
  } else {
    log.checkKeys(
      body,
      ["allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders", "maxAge", "allowCredentials"],
      [...path, key],
    );
    rule.cors = {
      allowOrigins: asArray(body.allowOrigins).map((o) => originFromGatewayApi(String(o))),
      allowMethods: asArray(body.allowMethods).map(String),
      allowHeaders: asArray(body.allowHeaders).map(String),
      exposeHeaders: asArray(body.exposeHeaders).map(String),
      maxAgeSeconds: asNumber(body.maxAge),
      allowCredentials: typeof body.allowCredentials === "boolean" ? body.allowCredentials : undefined,
    };
  }
}

export function importGatewayApiRule(
  raw: Record<string, unknown>,
  ctx: ImportContext,
  doc: ParsedDocument,
  path: YamlPath,
): RouteRule {
  doc.log.checkKeys(raw, ["name", "matches", "filters", "backendRefs", "timeouts"], path);
  const timeouts = asRecord(raw.timeouts);
  doc.log.checkKeys(timeouts, ["request", "backendRequest"], [...path, "timeouts"]);
  // backendRequest bounds each request to a backend (every retry its own): a per-try timeout, here without retries.
  const backendMs = parseDuration(timeouts.backendRequest) || undefined; // "0s" disables it too
  const rule: RouteRule = {
    name: asString(raw.name) ?? "",
    matches: asArray(raw.matches).map((m, i) => match(asRecord(m), doc.log, [...path, "matches", i])),
    destinations: backends(raw.backendRefs, ctx, doc, path),
    timeoutMs: parseDuration(timeouts.request) || undefined, // "0s" disables the timeout
    ...(backendMs !== undefined
      ? { retries: RetryPolicySchema.parse({ attempts: 0, perTryTimeoutMs: backendMs }) }
      : {}),
  };
  asArray(raw.filters).forEach((f, i) => applyFilter(asRecord(f), rule, ctx, doc, [...path, "filters", i]));
  // The spec: a rule that forwards nowhere (no valid backendRef) and does not redirect answers 500.
  if (rule.destinations.length === 0 && !rule.redirect) rule.directResponse = { ...NO_BACKEND_RESPONSE };
  return rule;
}
