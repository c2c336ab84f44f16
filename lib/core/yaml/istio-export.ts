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
  const hosts = new Map(mesh.services.map((s) => [s.name, s.host]));
  const hostOf = (service: string) => hosts.get(service) ?? service;
  const services = byName(mesh.services);
  return [
    // Each object in its own namespace; one in "default" (no namespace) in the export's.
    ...byName(mesh.gateways).map((g) => istioGateway(g, g.namespace ?? namespace)),
    ...services.map((s) => serviceEntry(s, s.namespace ?? namespace)),
    ...services.map((s) => destinationRule(s, s.namespace ?? namespace)),
    ...byName(mesh.routes).map((r) => virtualService(r, r.namespace ?? namespace, hostOf)),
    ...securityObjects(mesh, namespace),
  ];
}

/** Multi-document Istio YAML (networking.istio.io/v1). See README.md for the mapping and its limits. */
export function exportIstio(mesh: MeshConfig, opts: ExportOptions = {}): string {
  return renderDocuments(istioObjects(mesh, opts.namespace ?? "default"), versionHeader(opts));
}
