import type { ClientTls, Gateway, Listener } from "../model/index.ts";

/**
 * TLS settings as Istio and Gateway API write them. Only secret names leave the model: there is no key material
 * in it to export. An HTTPS listener without settings (an invalid mesh, kept exportable) names the credential
 * `<gateway>-<listener>`, Signalbox's earlier convention.
 */
function serverTls(gw: Gateway, l: Listener): NonNullable<Listener["tls"]> {
  return l.tls ?? { mode: "SIMPLE", credentialNames: [`${gw.name}-${l.name}`] };
}

/** Istio Gateway `servers[].tls`; one credential is written as `credentialName`, several as `credentialNames`. */
export function istioServerTlsOut(gw: Gateway, l: Listener): Record<string, unknown> | undefined {
  if (l.protocol === "HTTP") return l.httpsRedirect ? { httpsRedirect: true } : undefined;
  const tls = serverTls(gw, l);
  const names = tls.credentialNames;
  return {
    httpsRedirect: l.httpsRedirect || undefined,
    mode: tls.mode,
    ...(names.length === 1 ? { credentialName: names[0] } : { credentialNames: names }),
    // Istio names one CA source; the insecure fallback and further CA names have no Istio field (README).
    caCertCredentialName: tls.mode === "MUTUAL" ? tls.clientCaNames?.[0] : undefined,
    minProtocolVersion: tls.minProtocolVersion,
  };
}

/** Gateway API listener `tls` (Terminate; MUTUAL and the minimum version as Signalbox's own options). */
export function gatewayApiTlsOut(gw: Gateway, l: Listener): Record<string, unknown> | undefined {
  if (l.protocol === "HTTP") return undefined;
  const tls = serverTls(gw, l);
  const options = {
    // MUTUAL with named CAs is the Gateway's spec.tls.frontend (frontend-validation.ts); without, Signalbox's option.
    ...(tls.mode === "MUTUAL" && tls.clientCaNames === undefined ? { "signalbox.io/mode": "MUTUAL" } : {}),
    ...(tls.minProtocolVersion ? { "signalbox.io/min-protocol-version": tls.minProtocolVersion } : {}),
  };
  return {
    mode: "Terminate",
    certificateRefs: tls.credentialNames.map((name) => ({ kind: "Secret", name })),
    options: Object.keys(options).length > 0 ? options : undefined,
  };
}

/** Istio DestinationRule `trafficPolicy.tls`, fields in Istio's order. */
export function istioClientTlsOut(tls: ClientTls | undefined): Record<string, unknown> | undefined {
  if (tls === undefined) return undefined;
  return {
    mode: tls.mode,
    credentialName: tls.credentialName,
    sni: tls.sni,
    subjectAltNames: tls.subjectAltNames,
    insecureSkipVerify: tls.insecureSkipVerify,
  };
}
