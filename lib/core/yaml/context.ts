import type {
  AuthorizationPolicy,
  Gateway,
  MeshConfig,
  NamespaceLabels,
  PeerAuthentication,
  ReferenceGrant,
  Route,
  ServicePort,
} from "../model/index.ts";
import { namespaceOf } from "../model/namespace.ts";
import type { ParsedDocument } from "./documents.ts";
import { ServiceRegistry, toName } from "./registry.ts";
import type { DocumentLog, ImportReport, YamlPath } from "./report.ts";

/** What the importers build up while reading documents; services are assembled at the end. */
export interface ImportContext {
  /** The namespace of documents that name none (`--namespace`, default "default"). */
  namespace: string;
  registry: ServiceRegistry;
  gateways: Gateway[];
  routes: Route[];
  authorizationPolicies: AuthorizationPolicy[];
  peerAuthentications: PeerAuthentication[];
  referenceGrants: ReferenceGrant[];
  /** Kubernetes Namespaces of the input, with their labels (listener allowedRoutes selectors match them). */
  namespaces: NamespaceLabels[];
  /**
   * `namespace/name` of the core v1 Services the input defines, or null when it defines none. With the cluster's
   * Services in the input (manifests applied together), a backendRef to a Service not among them is invalid; without
   * any, the routes' Services are assumed to exist in the cluster.
   */
  kubernetesServices: ReadonlySet<string> | null;
  /**
   * `namespace/name:port` → protocol, for the ports of those Services whose `appProtocol` says HTTP/2 cleartext
   * (`kubernetes.io/h2c`): a backendRef naming such a port gets an HTTP2 service port. Others are HTTP/1.1
   * (`kubernetes.io/ws` included: WebSocket is an upgrade of HTTP/1.1, which every route tunnels).
   */
  kubernetesPortProtocols: ReadonlyMap<string, ServicePort["protocol"]>;
}

export const newContext = (namespace = "default"): ImportContext => ({
  namespace,
  kubernetesServices: null,
  kubernetesPortProtocols: new Map(),
  registry: new ServiceRegistry(namespace),
  gateways: [],
  routes: [],
  authorizationPolicies: [],
  peerAuthentications: [],
  referenceGrants: [],
  namespaces: [],
});

export interface ImportResult {
  mesh: MeshConfig;
  report: ImportReport;
}

/** A document handler: reads one object into the context, logging what it cannot express. */
export type DocumentHandler = (doc: ParsedDocument, ctx: ImportContext) => void;

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function finish(ctx: ImportContext, logs: { report: ImportReport["documents"][number] }[]): ImportResult {
  const services = ctx.registry.build();
  const documents = logs.map((l) => l.report).sort((a, b) => a.index - b.index);
  return {
    mesh: {
      services,
      gateways: [...ctx.gateways].sort(byName),
      routes: [...ctx.routes].sort(byName),
      authorizationPolicies: [...ctx.authorizationPolicies].sort(byName),
      peerAuthentications: [...ctx.peerAuthentications].sort(byName),
      referenceGrants: [...ctx.referenceGrants].sort((a, b) =>
        byName({ name: `${a.namespace}/${a.name}` }, { name: `${b.namespace}/${b.name}` }),
      ),
      // Absent without Namespaces in the input, so meshes that name none stay as they were.
      ...(ctx.namespaces.length > 0 ? { namespaces: [...ctx.namespaces].sort(byName) } : {}),
    },
    report: { documents },
  };
}

/**
 * The gateway a route's reference `namespace/name` means (Gateway API parentRef, Istio VirtualService `gateways`):
 * the input's Gateway of that name in that namespace. When the input defines Gateways but not that one, the reference
 * is reported: with a Gateway of that name in another namespace it is not followed (null; the route must not attach
 * to a gateway it does not name), else it is kept by name (the mesh may have it; validation SB304 says if not).
 * Without Gateways in the input, references are kept by name as written.
 */
export function resolveGateway(
  ctx: ImportContext,
  namespace: string,
  name: string,
  log: DocumentLog,
  path: YamlPath,
  routeNamespace: string,
): string | null {
  const wanted = toName(name);
  if (ctx.gateways.length === 0) {
    // Routes imported without their Gateways: a model route names its gateway only, so a namespace other than the
    // route's own is not kept (export writes the gateway's namespace as the mesh has it).
    if (namespace !== routeNamespace)
      log.partial(
        path,
        `Gateway ${namespace}/${name} is not among these documents: bound by name, its namespace is not kept`,
      );
    return wanted;
  }
  if (ctx.gateways.some((g) => g.name === wanted && namespaceOf(g) === namespace)) return wanted;
  const elsewhere = ctx.gateways.find((g) => g.name === wanted);
  if (elsewhere) {
    log.partial(
      path,
      `Gateway ${namespace}/${name} does not exist (a Gateway ${name} is in namespace ${namespaceOf(elsewhere)}): the route does not attach to it`,
    );
    return null;
  }
  log.partial(
    path,
    `Gateway ${namespace}/${name} is not among these documents: bound by name, it must exist in the mesh`,
  );
  return wanted;
}
