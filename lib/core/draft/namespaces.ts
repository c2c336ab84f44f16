import type { MeshConfig } from "../model/mesh.ts";
import { namespaceField } from "../model/namespace.ts";
import { editGateway, editRoute, editService } from "./edit.ts";

/**
 * Moves a service, route or gateway to a namespace. Empty or "default" removes the field (the model's one spelling
 * of the default namespace); anything else is kept as typed, and validation names it when it is not a DNS label.
 */
function withNamespace<T extends { namespace?: string }>(o: T, namespace: string): T {
  const next: T = { ...o };
  delete next.namespace;
  return { ...next, ...namespaceField(namespace.trim() === "" ? undefined : namespace.trim()) };
}

export const setServiceNamespace = (mesh: MeshConfig, service: string, namespace: string): MeshConfig =>
  editService(mesh, service, (s) => withNamespace(s, namespace));

export const setRouteNamespace = (mesh: MeshConfig, route: string, namespace: string): MeshConfig =>
  editRoute(mesh, route, (r) => withNamespace(r, namespace));

export const setGatewayNamespace = (mesh: MeshConfig, gateway: string, namespace: string): MeshConfig =>
  editGateway(mesh, gateway, (g) => withNamespace(g, namespace));
