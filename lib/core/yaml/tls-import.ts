import { ClientTlsSchema, ServerTlsSchema, type ClientTls, type ServerTls } from "../model/index.ts";
import { asArray, asRecord, asString, type DocumentLog, type YamlPath } from "./report.ts";

/**
 * TLS settings from Istio and Gateway API YAML. Only secret *names* are imported: certificate and key file paths
 * (Istio's serverCertificate, clientCertificate, …) are reported, because Signalbox's proxies fetch key material
 * by name from the console's secret store.
 */

const FILE_PATH_REASON = "certificate files are not imported: use credentialName (a secret the proxy fetches by name)";
const FILE_KEYS = [
  "serverCertificate",
  "clientCertificate",
  "privateKey",
  "caCertificates",
  "caCrl",
  "tlsCertificates",
];

function reportFilePaths(tls: Record<string, unknown>, log: DocumentLog, path: YamlPath): void {
  for (const key of FILE_KEYS) if (tls[key] !== undefined) log.partial([...path, key], FILE_PATH_REASON);
}

function minVersion(raw: unknown, log: DocumentLog, path: YamlPath): ServerTls["minProtocolVersion"] {
  if (raw === undefined || raw === "TLS_AUTO") return undefined;
  if (raw === "TLSV1_2" || raw === "TLSV1_3") return raw;
  log.partial(path, `minProtocolVersion ${String(raw)} is not supported: Signalbox accepts TLS 1.2 at least`);
  return undefined;
}

function parsed<T>(
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  value: unknown,
  log: DocumentLog,
  path: YamlPath,
): T | undefined {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  log.invalid(path, r.error.issues.map((i) => i.message).join("; "));
  return undefined;
}

/** Istio Gateway `servers[].tls`: SIMPLE and MUTUAL termination, and `httpsRedirect` (on HTTP servers). */
export function istioServerTls(
  raw: unknown,
  log: DocumentLog,
  path: YamlPath,
): { tls?: ServerTls; httpsRedirect?: boolean } {
  if (raw === undefined) return {};
  const tls = asRecord(raw);
  log.checkKeys(
    tls,
    [
      "mode",
      "credentialName",
      "credentialNames",
      "caCertCredentialName",
      "minProtocolVersion",
      "httpsRedirect",
      ...FILE_KEYS,
    ],
    path,
  );
  reportFilePaths(tls, log, path);
  const httpsRedirect = tls.httpsRedirect === true ? true : undefined;
  const mode = asString(tls.mode);
  if (mode === undefined && tls.credentialName === undefined && tls.credentialNames === undefined)
    return { httpsRedirect };
  if (mode !== undefined && mode !== "SIMPLE" && mode !== "MUTUAL") {
    log.unsupported(
      [...path, "mode"],
      `TLS mode ${mode} is not supported: Signalbox gateways terminate TLS (SIMPLE, MUTUAL)`,
    );
    return { httpsRedirect };
  }
  const names = [
    ...(typeof tls.credentialName === "string" ? [tls.credentialName] : []),
    ...asArray(tls.credentialNames).filter((n): n is string => typeof n === "string"),
  ];
  const value = {
    mode: mode ?? "SIMPLE",
    credentialNames: names,
    minProtocolVersion: minVersion(tls.minProtocolVersion, log, [...path, "minProtocolVersion"]),
    // MUTUAL: the secret or ConfigMap whose CA certificates verify clients (else the credential's own ca.crt).
    ...(typeof tls.caCertCredentialName === "string" ? { clientCaNames: [tls.caCertCredentialName] } : {}),
  };
  return { tls: parsed(ServerTlsSchema, value, log, path), httpsRedirect };
}

/** Gateway API listener `tls`: Terminate with certificateRefs (Secrets, by name); Passthrough is reported. */
export function gatewayApiListenerTls(raw: unknown, log: DocumentLog, path: YamlPath): ServerTls | undefined {
  if (raw === undefined) return undefined;
  const tls = asRecord(raw);
  log.checkKeys(tls, ["mode", "certificateRefs", "options"], path);
  const mode = asString(tls.mode) ?? "Terminate";
  if (mode !== "Terminate")
    return void log.unsupported(
      [...path, "mode"],
      `TLS mode ${mode} is not supported: Signalbox gateways terminate TLS`,
    );
  const names: string[] = [];
  asArray(tls.certificateRefs).forEach((r, i) => {
    const ref = asRecord(r);
    log.checkKeys(ref, ["name", "kind", "group"], [...path, "certificateRefs", i]);
    if ((ref.kind ?? "Secret") !== "Secret" || (ref.group ?? "") !== "")
      log.partial([...path, "certificateRefs", i], "only Secret certificate references are supported");
    else if (typeof ref.name === "string") names.push(ref.name);
  });
  const options = asRecord(tls.options);
  // Signalbox's own option key: MUTUAL on a Gateway API listener (frontend validation is Gateway API's other way).
  const mutual = options["signalbox.io/mode"] === "MUTUAL";
  log.checkKeys(options, ["signalbox.io/mode", "signalbox.io/min-protocol-version"], [...path, "options"]);
  const value = {
    mode: mutual ? "MUTUAL" : "SIMPLE",
    credentialNames: names,
    minProtocolVersion: minVersion(options["signalbox.io/min-protocol-version"], log, [
      ...path,
      "options",
      "signalbox.io/min-protocol-version",
    ]),
  };
  return parsed(ServerTlsSchema, value, log, path);
}

/** Istio DestinationRule `trafficPolicy.tls` (upstream TLS origination). */
export function istioClientTls(raw: unknown, log: DocumentLog, path: YamlPath): ClientTls | undefined {
  if (raw === undefined) return undefined;
  const tls = asRecord(raw);
  log.checkKeys(tls, ["mode", "credentialName", "sni", "subjectAltNames", "insecureSkipVerify", ...FILE_KEYS], path);
  reportFilePaths(tls, log, path);
  const value = {
    mode: asString(tls.mode) ?? "DISABLE",
    credentialName: asString(tls.credentialName),
    sni: asString(tls.sni),
    subjectAltNames: tls.subjectAltNames === undefined ? undefined : asArray(tls.subjectAltNames).map(String),
    insecureSkipVerify: typeof tls.insecureSkipVerify === "boolean" ? tls.insecureSkipVerify : undefined,
  };
  return parsed(ClientTlsSchema, value, log, path);
}
