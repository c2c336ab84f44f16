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
    ...byName(mesh.gateways).map((g) => istioGateway(g, namespace)),
    ...services.map((s) => serviceEntry(s, namespace)),
    ...services.map((s) => destinationRule(s, namespace)),
    ...byName(mesh.routes).map((r) => virtualService(r, namespace, hostOf)),
    ...securityObjects(mesh, namespace),
  ];
}

/** Multi-document Istio YAML (networking.istio.io/v1). See README.md for the mapping and its limits. */
export function exportIstio(mesh: MeshConfig, opts: ExportOptions = {}): string {
  return renderDocuments(istioObjects(mesh, opts.namespace ?? "default"), versionHeader(opts));
}
