import type { z } from "zod";
import {
  namespaceField,
  RetryOnSchema,
  RouteSchema,
  type Destination,
  type RouteRule,
  type StringMatch,
} from "../model/index.ts";
import { resolveGateway, type ImportContext } from "./context.ts";
import type { ParsedDocument } from "./documents.ts";
import { parseDuration } from "./durations.ts";
import { readMatch, readStringMatch } from "./istio-import-match.ts";
import { readMetadata } from "./istio-import-services.ts";
import { toName } from "./registry.ts";
import { asArray, asNumber, asRecord, asString, type DocumentLog, type YamlPath } from "./report.ts";

const HTTP_KEYS = [
  "name",
  "match",
  "route",
  "redirect",
  "directResponse",
  "rewrite",
  "timeout",
  "retries",
  "fault",
  "mirror",
  "mirrorPercentage",
  "mirrorPercent",
  "mirrors",
  "corsPolicy",
  "headers",
];
/** Istio routes to all endpoints when a destination names no subset; Signalbox needs a version. */
export const NO_SUBSET_VERSION = "default";

type RetryOn = z.infer<typeof RetryOnSchema>;
type Resolve = (
  host: string,
  subset: string | undefined,
  path: YamlPath,
  port?: number,
) => { service: string; version: string };

function duration(raw: unknown, log: DocumentLog, path: YamlPath): number | undefined {
  if (raw === undefined) return undefined;
  const ms = parseDuration(raw);
  if (ms === undefined || ms < 1) log.invalid(path, `"${String(raw)}" is not a duration of at least 1ms`);
  return ms !== undefined && ms >= 1 ? ms : undefined;
}

/** `destination.port`: by number (Signalbox services name their ports, but destinations pick them by number). */
function readPort(raw: unknown, log: DocumentLog, path: YamlPath): number | undefined {
  if (raw === undefined) return undefined;
  const p = asRecord(raw);
  log.checkKeys(p, ["number"], path);
  return asNumber(p.number);
}

function destinations(raw: unknown, resolve: Resolve, log: DocumentLog, path: YamlPath): Destination[] {
  const list = asArray(raw).map(asRecord);
  return list.map((d, i) => {
    const at = [...path, "route", i];
    log.checkKeys(d, ["destination", "weight", "headers"], at);
    const dest = asRecord(d.destination);
    log.checkKeys(dest, ["host", "subset", "port"], [...at, "destination"]);
    const port = readPort(dest.port, log, [...at, "destination", "port"]);
    const ref = resolve(asString(dest.host) ?? "", asString(dest.subset), [...at, "destination"], port);
    const headers = asRecord(d.headers);
    log.checkKeys(headers, ["request", "response"], [...at, "headers"]);
    const requestHeaders = headerOps(headers.request, log, [...at, "headers", "request"]);
    const responseHeaders = headerOps(headers.response, log, [...at, "headers", "response"]);
    return {
      ...ref,
      weight: asNumber(d.weight) ?? (list.length === 1 ? 100 : 0),
      ...(port ? { port } : {}),
      ...(requestHeaders ? { requestHeaders } : {}),
      ...(responseHeaders ? { responseHeaders } : {}),
    };
  });
}

function retries(raw: unknown, log: DocumentLog, path: YamlPath): RouteRule["retries"] {
  if (raw === undefined) return undefined;
  const r = asRecord(raw);
  log.checkKeys(r, ["attempts", "perTryTimeout", "retryOn", "backoff"], path);
  const on = (asString(r.retryOn) ?? "").split(",").filter(Boolean);
  const known = on.filter((x): x is RetryOn => RetryOnSchema.safeParse(x).success);
  for (const x of on)
    if (!RetryOnSchema.safeParse(x).success)
      log.partial([...path, "retryOn"], `retry condition "${x}" is not supported`);
  return {
    attempts: asNumber(r.attempts) ?? 0,
    perTryTimeoutMs: duration(r.perTryTimeout, log, [...path, "perTryTimeout"]),
    retryOn: r.retryOn === undefined ? ["5xx", "connect-failure", "reset"] : known,
    backoffBaseMs: duration(r.backoff, log, [...path, "backoff"]) ?? 25,
    maxBufferedBodyBytes: 64 * 1024,
  };
}

function fault(raw: unknown, log: DocumentLog, path: YamlPath): RouteRule["fault"] {
  if (raw === undefined) return undefined;
  const f = asRecord(raw);
  log.checkKeys(f, ["delay", "abort"], path);
  const pct = (x: Record<string, unknown>) => asNumber(asRecord(x.percentage).value) ?? asNumber(x.percent) ?? 100;
  const d = f.delay === undefined ? undefined : asRecord(f.delay);
  const a = f.abort === undefined ? undefined : asRecord(f.abort);
  if (d) log.checkKeys(d, ["fixedDelay", "percentage", "percent"], [...path, "delay"]);
  if (a) log.checkKeys(a, ["httpStatus", "percentage"], [...path, "abort"]);
  return {
    delay:
      d && d.fixedDelay !== undefined ? { percent: pct(d), fixedDelayMs: parseDuration(d.fixedDelay) ?? 0 } : undefined,
    abort: a && a.httpStatus !== undefined ? { percent: pct(a), httpStatus: asNumber(a.httpStatus) ?? 500 } : undefined,
  };
}

function headerOps(raw: unknown, log: DocumentLog, path: YamlPath): RouteRule["requestHeaders"] {
  if (raw === undefined) return undefined;
  const h = asRecord(raw);
  log.checkKeys(h, ["set", "add", "remove"], path);
  const rec = (x: unknown) => Object.fromEntries(Object.entries(asRecord(x)).map(([k, v]) => [k, String(v)]));
  return { set: rec(h.set), add: rec(h.add), remove: asArray(h.remove).map(String) };
}

function cors(raw: unknown, log: DocumentLog, path: YamlPath): RouteRule["cors"] {
  if (raw === undefined) return undefined;
  const c = asRecord(raw);
  log.checkKeys(
    c,
    ["allowOrigins", "allowOrigin", "allowMethods", "allowHeaders", "exposeHeaders", "maxAge", "allowCredentials"],
    path,
  );
  const origins = asArray(c.allowOrigins).flatMap((o, i) => {
    const m = readStringMatch(o, log, [...path, "allowOrigins", i]);
    return m && m !== "present" ? [m] : [];
  });
  const legacy = asArray(c.allowOrigin).map((o): StringMatch => ({ type: "exact", value: String(o) }));
  const maxAge = duration(c.maxAge, log, [...path, "maxAge"]);
  return {
    allowOrigins: [...origins, ...legacy],
    allowMethods: asArray(c.allowMethods).map(String),
    allowHeaders: asArray(c.allowHeaders).map(String),
    exposeHeaders: asArray(c.exposeHeaders).map(String),
    maxAgeSeconds: maxAge !== undefined ? Math.round(maxAge / 1000) : undefined,
    allowCredentials: typeof c.allowCredentials === "boolean" ? c.allowCredentials : undefined,
  };
}

function actions(
  h: Record<string, unknown>,
  log: DocumentLog,
  path: YamlPath,
): Pick<RouteRule, "redirect" | "directResponse" | "rewrite"> {
  const r = h.redirect === undefined ? undefined : asRecord(h.redirect);
  const d = h.directResponse === undefined ? undefined : asRecord(h.directResponse);
  const w = h.rewrite === undefined ? undefined : asRecord(h.rewrite);
  if (r) log.checkKeys(r, ["uri", "authority", "scheme", "redirectCode", "port", "derivePort"], [...path, "redirect"]);
  if (d) log.checkKeys(d, ["status", "body"], [...path, "directResponse"]);
  if (d) log.checkKeys(d.body, ["string"], [...path, "directResponse", "body"]);
  if (w) log.checkKeys(w, ["uri", "authority", "uriRegexRewrite"], [...path, "rewrite"]);
  const rx = w?.uriRegexRewrite === undefined ? undefined : asRecord(w.uriRegexRewrite);
  if (rx) log.checkKeys(rx, ["match", "rewrite"], [...path, "rewrite", "uriRegexRewrite"]);
  const scheme = asString(r?.scheme);
  const derive = r?.derivePort;
  if (derive !== undefined && derive !== "FROM_PROTOCOL_DEFAULT" && derive !== "FROM_REQUEST_PORT")
    log.partial([...path, "redirect", "derivePort"], `derivePort ${String(derive)} is not supported`);
  return {
    redirect: r && {
      uri: asString(r.uri),
      authority: asString(r.authority),
      scheme: scheme === "http" || scheme === "https" ? scheme : undefined,
      port: asNumber(r.port),
      derivePort: derive === "FROM_PROTOCOL_DEFAULT" || derive === "FROM_REQUEST_PORT" ? derive : undefined,
      responseCode: asNumber(r.redirectCode) ?? 301,
    },
    directResponse: d && { status: asNumber(d.status) ?? 200, body: asString(asRecord(d.body).string) ?? "" },
    rewrite: w && {
      uriPrefix: asString(w.uri),
      authority: asString(w.authority),
      uriRegex: rx && { match: asString(rx.match) ?? "", rewrite: asString(rx.rewrite) ?? "" },
    },
  };
}

function httpRule(raw: unknown, resolve: Resolve, log: DocumentLog, path: YamlPath): RouteRule {
  const h = asRecord(raw);
  log.checkKeys(h, HTTP_KEYS, path);
  const mirror = h.mirror === undefined ? undefined : asRecord(h.mirror);
  if (mirror) log.checkKeys(mirror, ["host", "subset"], [...path, "mirror"]);
  const headers = asRecord(h.headers);
  log.checkKeys(headers, ["request", "response"], [...path, "headers"]);
  const mirrors = [
    ...(mirror
      ? [
          {
            ...resolve(asString(mirror.host) ?? "", asString(mirror.subset), [...path, "mirror"]),
            percent: asNumber(asRecord(h.mirrorPercentage).value) ?? asNumber(h.mirrorPercent) ?? 100,
          },
        ]
      : []),
    ...asArray(h.mirrors).map((raw, i) => {
      const at = [...path, "mirrors", i];
      const m = asRecord(raw);
      log.checkKeys(m, ["destination", "percentage"], at);
      const d = asRecord(m.destination);
      log.checkKeys(d, ["host", "subset"], [...at, "destination"]);
      const percent = asNumber(asRecord(m.percentage).value) ?? 100;
      return { ...resolve(asString(d.host) ?? "", asString(d.subset), [...at, "destination"]), percent };
    }),
  ];
  return {
    name: asString(h.name) ?? "",
    matches: asArray(h.match).map((m, i) => readMatch(m, log, [...path, "match", i])),
    destinations: destinations(h.route, resolve, log, path),
    timeoutMs: duration(h.timeout, log, [...path, "timeout"]),
    retries: retries(h.retries, log, [...path, "retries"]),
    fault: fault(h.fault, log, [...path, "fault"]),
    ...actions(h, log, path),
    requestHeaders: headerOps(headers.request, log, [...path, "headers", "request"]),
    responseHeaders: headerOps(headers.response, log, [...path, "headers", "response"]),
    mirror: mirrors[0],
    extraMirrors: mirrors.length > 1 ? mirrors.slice(1) : undefined,
    cors: cors(h.corsPolicy, log, [...path, "corsPolicy"]),
  };
}

/**
 * `mesh` is Istio's name for "the sidecars", which is what an unbound Signalbox route means. A gateway is
 * `<namespace>/<name>`, or `<name>` in the VirtualService's own namespace (Istio's rule).
 */
function gateways(raw: unknown, doc: ParsedDocument, ctx: ImportContext): string[] {
  const log = doc.log;
  const names = asArray(raw).map(String);
  const bound = names.flatMap((g, i) => {
    if (g === "mesh") return [];
    const slash = g.indexOf("/");
    const own = doc.namespace ?? ctx.namespace;
    const namespace = slash > 0 ? g.slice(0, slash) : own;
    const gw = resolveGateway(ctx, namespace, slash >= 0 ? g.slice(slash + 1) : g, log, ["spec", "gateways", i], own);
    return gw === null ? [] : [gw];
  });
  if (bound.length > 0 && names.includes("mesh"))
    log.partial(
      ["spec", "gateways"],
      "a Signalbox route binds either to gateways or to the mesh; imported for the gateways only",
    );
  return bound;
}

export function importVirtualService(doc: ParsedDocument, ctx: ImportContext): void {
  const { log } = doc;
  readMetadata(doc);
  log.checkKeys(doc.body, ["apiVersion", "kind", "metadata", "spec"], []);
  const spec = asRecord(doc.body.spec);
  log.checkKeys(spec, ["hosts", "gateways", "http"], ["spec"]);
  const resolve: Resolve = (host, subset, path, port) => {
    const draft = ctx.registry.declare(host, doc.namespace, undefined, log);
    if (port !== undefined) draft.referencedPorts.add(port);
    const version = subset ?? NO_SUBSET_VERSION;
    if (!subset)
      log.partial(
        path,
        `no subset: routed to version "${NO_SUBSET_VERSION}" of ${host}, which Signalbox needs to name`,
      );
    if (!draft.subsets.has(version)) draft.referencedVersions.add(version);
    return { service: ctx.registry.nameOf(draft), version: toName(version) };
  };
  const rules = asArray(spec.http).map((h, i) => httpRule(h, resolve, log, ["spec", "http", i]));
  const bound = gateways(spec.gateways, doc, ctx);
  // Every gateway it names is missing: it serves nowhere (a route without gateways would serve the whole mesh).
  if (asArray(spec.gateways).length > 0 && bound.length === 0 && !asArray(spec.gateways).includes("mesh"))
    return log.partial(["spec", "gateways"], "the VirtualService is bound to no gateway that exists: not imported");
  const parsed = RouteSchema.safeParse({
    name: toName(doc.name),
    ...namespaceField(doc.namespace ?? ctx.namespace),
    semantics: "istio",
    // Istio YAML carries no creation order (and Signalbox's Istio export writes none): imported VirtualServices
    // tie, and merged ones on a gateway host go in name order, as Istio orders equal creation times.
    creationOrder: 0,
    hosts: asArray(spec.hosts).map(String),
    gateways: bound,
    rules,
  });
  if (parsed.success) ctx.routes.push(parsed.data);
  else for (const i of parsed.error.issues) log.invalid(["spec"], `route ${i.path.join(".")}: ${i.message}`);
}
