import type {
  AuthorizationPolicy,
  Gateway,
  MeshConfig,
  PeerAuthentication,
  ReferenceGrant,
  Route,
  ServicePort,
} from "../model/index.ts";
import type { ParsedDocument } from "./documents.ts";
import { ServiceRegistry } from "./registry.ts";
import type { ImportReport } from "./report.ts";

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
    },
    report: { documents },
  };
}
