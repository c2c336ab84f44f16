import type { MeshConfig } from "../model/mesh.ts";
import { namespaceField, namespaceOf, type NamespaceLabels } from "../model/namespace.ts";
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

/** A namespace's labels in the mesh (none when it is not in MeshConfig `namespaces`). */
export const namespaceLabels = (mesh: MeshConfig, namespace: string): Record<string, string> =>
  mesh.namespaces?.find((n) => n.name === namespace)?.labels ?? {};

/**
 * Every namespace the console can label: those services, routes and gateways live in and those the mesh has labels
 * for, by name.
 */
export function meshNamespaces(mesh: MeshConfig): string[] {
  const names = new Set<string>();
  for (const o of [...mesh.services, ...mesh.routes, ...mesh.gateways]) names.add(namespaceOf(o));
  for (const n of mesh.namespaces ?? []) names.add(n.name);
  return [...names].sort();
}

/**
 * Replaces a namespace's labels with `edit(labels)` (see putLabel, dropLabel). A namespace left without labels leaves
 * MeshConfig `namespaces` (no labels and no entry select the same), and the list itself goes when empty, so a mesh
 * whose labels were added and removed again reads and hashes as before; entries stay in name order, the order the
 * database reads them back in.
 */
export function editNamespaceLabels(
  mesh: MeshConfig,
  namespace: string,
  edit: (labels: Record<string, string>) => Record<string, string>,
): MeshConfig {
  const before = namespaceLabels(mesh, namespace);
  const labels = edit(before);
  if (labels === before || namespace === "") return mesh;
  const others = (mesh.namespaces ?? []).filter((n) => n.name !== namespace);
  const namespaces: NamespaceLabels[] =
    Object.keys(labels).length === 0
      ? others
      : [...others, { name: namespace, labels }].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const next: MeshConfig = { ...mesh, namespaces };
  if (namespaces.length === 0) delete next.namespaces;
  return next;
}
