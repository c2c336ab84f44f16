import type { MeshConfig } from "../model/index.ts";
import { destinationRule, istioGateway, serviceEntry } from "./istio-export-services.ts";
import { virtualService } from "./istio-export-vs.ts";
import { securityObjects } from "./istio-security.ts";
import { renderDocuments, versionHeader, type K8sObject } from "./render.ts";

export interface ExportOptions {
  version?: number;
  hash?: string;
  /** metadata.namespace of every document; default `default`. */
  namespace?: string;
}

const byName = <T extends { name: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/**
 * The mesh as Istio objects, in a fixed order: Gateways, ServiceEntries, DestinationRules, VirtualServices, then
 * PeerAuthentications and AuthorizationPolicies (security.istio.io/v1).
 */
export function istioObjects(mesh: MeshConfig, namespace = "default"): K8sObject[] {
  const serviceByName = new Map(mesh.services.map((s) => [s.name, s] as const));
  /**
   * A destination host as a VirtualService in `routeNs` must write it: a short Kubernetes host of a service in
   * another namespace is qualified (`web.backends.svc.cluster.local`), as Istio resolves short names in the
   * VirtualService's own namespace.
   */
  const hostIn = (routeNs: string) => (service: string) => {
    const s = serviceByName.get(service);
    if (!s) return service;
    const ns = s.namespace ?? namespace;
    return s.host.includes(".") || ns === routeNs ? s.host : `${s.host}.${ns}.svc.cluster.local`;
  };
  const services = byName(mesh.services);
  const gatewayNamespaces = new Map(mesh.gateways.map((g) => [g.name, g.namespace ?? namespace] as const));
  const gatewayIn = (name: string) => gatewayNamespaces.get(name) ?? namespace;
  return [
    // Each object in its own namespace; one in "default" (no namespace) in the export's.
    ...byName(mesh.gateways).map((g) => istioGateway(g, g.namespace ?? namespace)),
    ...services.map((s) => serviceEntry(s, s.namespace ?? namespace)),
    ...services.map((s) => destinationRule(s, s.namespace ?? namespace)),
    ...byName(mesh.routes).map((r) =>
      virtualService(r, r.namespace ?? namespace, hostIn(r.namespace ?? namespace), gatewayIn),
    ),
    ...securityObjects(mesh, namespace),
  ];
}

/** Multi-document Istio YAML (networking.istio.io/v1). See README.md for the mapping and its limits. */
export function exportIstio(mesh: MeshConfig, opts: ExportOptions = {}): string {
  return renderDocuments(istioObjects(mesh, opts.namespace ?? "default"), versionHeader(opts));
}
