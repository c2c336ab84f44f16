import type { Gateway, Listener, ServerTls } from "../model/index.ts";
import { EMPTY_MATCH } from "./render.ts";
import { asArray, asNumber, asRecord, asString, type DocumentLog, type YamlPath } from "./report.ts";

/**
 * Gateway API client certificate validation (GatewayFrontendClientCertificateValidation): a Gateway's
 * `spec.tls.frontend` holds a `default` and `perPort` overrides, each `validation: {caCertificateRefs, mode}`,
 * applying to every HTTPS listener on the port. In the model it is the listener's MUTUAL mode with the CA names
 * (`clientCaNames`: a ConfigMap's or Secret's `ca.crt`, fetched by name like every secret) and the mode.
 */
export type FrontendValidation = Pick<ServerTls, "clientCaNames" | "clientValidation"> & { clientCaNames: string[] };

const MODES = ["AllowValidOnly", "AllowInsecureFallback"] as const;

/** One `validation`; null when none of its CA references can be used (Gateway API: the listeners are not accepted). */
function validationOf(raw: unknown, log: DocumentLog, path: YamlPath): FrontendValidation | null {
  const v = asRecord(raw);
  log.checkKeys(v, ["caCertificateRefs", "mode"], path);
  const names: string[] = [];
  asArray(v.caCertificateRefs).forEach((r, i) => {
    const ref = asRecord(r);
    const at = [...path, "caCertificateRefs", i];
    log.checkKeys(ref, ["group", "kind", "name", "namespace"], at);
    const kind = asString(ref.kind);
    if ((ref.group ?? "") !== "" || (kind !== "ConfigMap" && kind !== "Secret"))
      return void log.partial(at, `${String(kind)} is not supported: a CA certificate is a ConfigMap or Secret`);
    if (ref.namespace !== undefined)
      log.partial([...at, "namespace"], "the namespace is not kept: CA certificates are looked up by name");
    const name = asString(ref.name);
    if (name !== undefined) names.push(name);
  });
  const mode = asString(v.mode) ?? "AllowValidOnly";
  if (!(MODES as readonly string[]).includes(mode)) {
    log.partial([...path, "mode"], `mode ${mode} is not supported (AllowValidOnly, AllowInsecureFallback)`);
    return null;
  }
  if (names.length === 0) return null;
  return { clientCaNames: names, ...(mode === "AllowInsecureFallback" ? { clientValidation: mode } : {}) };
}

/**
 * `spec.tls` of a Gateway → the validation for a listener port (perPort first, then default); `undefined`: none,
 * `null`: configured but unusable (the listeners on that port are skipped rather than served without validation).
 */
export function gatewayFrontendValidation(
  raw: unknown,
  log: DocumentLog,
  path: YamlPath,
): (port: number) => FrontendValidation | null | undefined {
  if (raw === undefined) return () => undefined;
  const tls = asRecord(raw);
  log.checkKeys(tls, ["frontend"], path);
  const frontend = asRecord(tls.frontend);
  log.checkKeys(frontend, ["default", "perPort"], [...path, "frontend"]);
  const def = asRecord(frontend.default);
  log.checkKeys(def, ["validation"], [...path, "frontend", "default"]);
  const fallback =
    def.validation === undefined
      ? undefined
      : validationOf(def.validation, log, [...path, "frontend", "default", "validation"]);
  const perPort = new Map<number, FrontendValidation | null | undefined>();
  asArray(frontend.perPort).forEach((p, i) => {
    const entry = asRecord(p);
    const at = [...path, "frontend", "perPort", i];
    log.checkKeys(entry, ["port", "tls"], at);
    const t = asRecord(entry.tls);
    log.checkKeys(t, ["validation"], [...at, "tls"]);
    const port = asNumber(entry.port);
    if (port !== undefined)
      perPort.set(
        port,
        t.validation === undefined ? undefined : validationOf(t.validation, log, [...at, "tls", "validation"]),
      );
  });
  return (port) => (perPort.has(port) ? perPort.get(port) : fallback);
}

const keyOf = (t: ServerTls) => JSON.stringify([t.clientCaNames, t.clientValidation ?? "AllowValidOnly"]);

function validationOut(t: ServerTls): Record<string, unknown> {
  return {
    mode: t.clientValidation,
    caCertificateRefs: t.clientCaNames!.map((name) => ({ group: "", kind: "ConfigMap", name })),
  };
}

/**
 * The Gateway's `spec.tls` for its HTTPS listeners that validate clients with named CAs: `default` when they all
 * agree and every HTTPS listener validates, else an empty `default` and one `perPort` entry per port (the first
 * listener's on a port: Gateway API sets it per port, so listeners on one port agree). Undefined when none does.
 */
export function gatewayFrontendOut(gw: Gateway): Record<string, unknown> | undefined {
  const https = gw.listeners.filter((l): l is Listener & { tls: ServerTls } => l.protocol === "HTTPS" && !!l.tls);
  const validating = https.filter((l) => l.tls.mode === "MUTUAL" && l.tls.clientCaNames !== undefined);
  if (validating.length === 0) return undefined;
  const keys = new Set(validating.map((l) => keyOf(l.tls)));
  if (keys.size === 1 && validating.length === https.length)
    return { frontend: { default: { validation: validationOut(validating[0]!.tls) } } };
  const byPort = new Map<number, ServerTls>();
  for (const l of [...validating].sort((a, b) => a.port - b.port)) if (!byPort.has(l.port)) byPort.set(l.port, l.tls);
  // `default` is required; empty, it leaves the ports perPort does not name without validation.
  return {
    frontend: {
      default: EMPTY_MATCH,
      perPort: [...byPort.entries()].map(([port, t]) => ({ port, tls: { validation: validationOut(t) } })),
    },
  };
}
