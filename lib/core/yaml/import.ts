import { finish, newContext, type DocumentHandler, type ImportContext, type ImportResult } from "./context.ts";
import { apiGroup, parseDocuments, type ParsedDocument } from "./documents.ts";
import { importDestinationRule, importIstioGateway, importServiceEntry } from "./istio-import-services.ts";
import { importVirtualService } from "./istio-import-vs.ts";
import { importAuthorizationPolicy, importPeerAuthentication } from "./istio-security.ts";
import { importGatewayApiGateway, importHttpRoute } from "./gateway-api-import.ts";
import { importReferenceGrant } from "./gateway-api-reference-grant.ts";
import { importNamespace } from "./kubernetes-namespace.ts";
import { asArray, asNumber, asRecord } from "./report.ts";

const ISTIO_GROUP = "networking.istio.io";
const GATEWAY_API_GROUP = "gateway.networking.k8s.io";
const SECURITY_GROUP = "security.istio.io";
/** Kubernetes' core group (apiVersion `v1`): only Namespaces are read, for their labels. */
const CORE_GROUP = "";

/**
 * Handlers by group/kind, with the pass each runs in: objects that declare services and gateways
 * first, so routes (pass 2) find the names those objects gave them whatever the document order.
 */
const HANDLERS: Record<string, { pass: 1 | 2; handle: DocumentHandler }> = {
  [`${ISTIO_GROUP}/ServiceEntry`]: { pass: 1, handle: importServiceEntry },
  [`${ISTIO_GROUP}/DestinationRule`]: { pass: 1, handle: importDestinationRule },
  [`${ISTIO_GROUP}/Gateway`]: { pass: 1, handle: importIstioGateway },
  [`${ISTIO_GROUP}/VirtualService`]: { pass: 2, handle: importVirtualService },
  [`${GATEWAY_API_GROUP}/Gateway`]: { pass: 1, handle: importGatewayApiGateway },
  [`${GATEWAY_API_GROUP}/HTTPRoute`]: { pass: 2, handle: importHttpRoute },
  [`${GATEWAY_API_GROUP}/ReferenceGrant`]: { pass: 1, handle: importReferenceGrant },
  [`${SECURITY_GROUP}/AuthorizationPolicy`]: { pass: 1, handle: importAuthorizationPolicy },
  [`${SECURITY_GROUP}/PeerAuthentication`]: { pass: 1, handle: importPeerAuthentication },
  [`${CORE_GROUP}/Namespace`]: { pass: 1, handle: importNamespace },
};

/** The h2c ports of the input's v1 Services (ImportContext.kubernetesPortProtocols). */
function kubernetesPortProtocols(services: ParsedDocument[], namespace: string): Map<string, "HTTP2"> {
  const out = new Map<string, "HTTP2">();
  for (const d of services)
    for (const p of asArray(asRecord(d.body.spec).ports).map(asRecord)) {
      const port = asNumber(p.port);
      if (port !== undefined && p.appProtocol === "kubernetes.io/h2c")
        out.set(`${d.namespace ?? namespace}/${d.name}:${port}`, "HTTP2");
    }
  return out;
}

function run(text: string, groups: readonly string[], namespace?: string): ImportResult {
  const { parsed, rejected } = parseDocuments(text);
  const ctx: ImportContext = newContext(namespace);
  const services = parsed.filter((d) => d.apiVersion === "v1" && d.kind === "Service");
  if (services.length > 0) {
    ctx.kubernetesServices = new Set(services.map((d) => `${d.namespace ?? ctx.namespace}/${d.name}`));
    ctx.kubernetesPortProtocols = kubernetesPortProtocols(services, ctx.namespace);
  }
  const handled: { doc: ParsedDocument; pass: 1 | 2; handle: DocumentHandler }[] = [];
  for (const doc of parsed) {
    const group = apiGroup(doc.apiVersion);
    const h = HANDLERS[`${group}/${doc.kind}`];
    if (!h || !groups.includes(group))
      doc.log.unsupported([], `${doc.apiVersion} ${doc.kind} is not imported by this importer`);
    else handled.push({ doc, ...h });
  }
  // Names of services declared by ServiceEntries (metadata.name) win over DestinationRules'.
  const order = (d: ParsedDocument) => (d.kind === "ServiceEntry" ? 0 : 1);
  const pass1 = handled
    .filter((h) => h.pass === 1)
    .sort((a, b) => order(a.doc) - order(b.doc) || a.doc.index - b.doc.index);
  for (const h of pass1) h.handle(h.doc, ctx);
  ctx.registry.lockNames();
  for (const h of handled.filter((x) => x.pass === 2)) h.handle(h.doc, ctx);
  return finish(ctx, [...rejected, ...parsed.map((d) => d.log)]);
}

/**
 * Istio networking.istio.io objects (v1, v1beta1, v1alpha3) and security.istio.io AuthorizationPolicy and
 * PeerAuthentication (v1, v1beta1) → mesh; other kinds are reported unsupported.
 */
export const importIstio = (text: string, opts: { namespace?: string } = {}): ImportResult =>
  run(text, [ISTIO_GROUP, SECURITY_GROUP], opts.namespace);

/** Gateway API gateway.networking.k8s.io Gateway + HTTPRoute (and core Namespaces, for their labels) → mesh. */
export const importGatewayApi = (text: string, opts: { namespace?: string } = {}): ImportResult =>
  run(text, [GATEWAY_API_GROUP, CORE_GROUP], opts.namespace);

/** Any mix of Istio and Gateway API documents, dispatched per document on apiVersion and kind. */
export const importYaml = (text: string, opts: { namespace?: string } = {}): ImportResult =>
  run(text, [ISTIO_GROUP, SECURITY_GROUP, GATEWAY_API_GROUP, CORE_GROUP], opts.namespace);
