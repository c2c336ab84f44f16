import type { Gateway, Listener } from "../model/gateway.ts";
import type { MeshConfig } from "../model/mesh.ts";
import type { ListenerRef } from "../model/route.ts";
import { editAt, editGateway, editList, removeAt, removeNamed } from "./edit.ts";

/** A listener of a gateway, by position (listeners are named, but a name being typed is not an address). */
export interface ListenerAt {
  gateway: string;
  listener: number;
}

export const findGateway = (mesh: MeshConfig, name: string): Gateway | undefined =>
  mesh.gateways.find((g) => g.name === name);

/** The first of http, http-2, … that no listener of the gateway has. */
function freeListenerName(g: Gateway, base: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!g.listeners.some((l) => l.name === name)) return name;
  }
}

/** Adds a gateway with one plain HTTP listener for every host on `port`. No-op when the name is empty or taken. */
export function addGateway(mesh: MeshConfig, gateway: { name: string; port?: number; host?: string }): MeshConfig {
  if (!gateway.name || findGateway(mesh, gateway.name)) return mesh;
  const listener: Listener = { name: "http", port: gateway.port ?? 80, protocol: "HTTP", hosts: [gateway.host || "*"] };
  return { ...mesh, gateways: [...mesh.gateways, { name: gateway.name, listeners: [listener] }] };
}

/**
 * Removes a gateway and unbinds the routes from it (a route bound to no gateway is a mesh route, so one left with
 * none keeps serving the mesh, as it would in Istio after its gateway went away).
 */
export function removeGateway(mesh: MeshConfig, name: string): MeshConfig {
  const gateways = removeNamed(mesh.gateways, name);
  if (gateways === mesh.gateways) return mesh;
  const routes = mesh.routes.map((r) =>
    r.gateways.includes(name) || r.listenerRefs.some((ref) => ref.gateway === name)
      ? {
          ...r,
          gateways: r.gateways.filter((g) => g !== name),
          listenerRefs: r.listenerRefs.filter((ref) => ref.gateway !== name),
        }
      : r,
  );
  return { ...mesh, gateways, routes };
}

/** Adds a plain HTTP listener on the next port after the gateway's highest one. */
export const addListener = (mesh: MeshConfig, gateway: string): MeshConfig =>
  editGateway(mesh, gateway, (g) => {
    const port = Math.min(65535, Math.max(0, ...g.listeners.map((l) => l.port)) + 1) || 80;
    const listener: Listener = { name: freeListenerName(g, "http"), port, protocol: "HTTP", hosts: ["*"] };
    return { ...g, listeners: [...g.listeners, listener] };
  });

export const removeListener = (mesh: MeshConfig, at: ListenerAt): MeshConfig =>
  editGateway(mesh, at.gateway, (g) => editList(g, "listeners", (ls) => removeAt(ls, at.listener)));

/**
 * Changes a listener. Switching to HTTPS starts TLS as SIMPLE with a credential named after the gateway (the
 * Security page issues or uploads it) and drops httpsRedirect; switching back to HTTP drops the TLS settings.
 * Renaming it carries the routes attached to it by name (listenerRefs' sectionName) along.
 */
export function setListener(mesh: MeshConfig, at: ListenerAt, patch: Partial<Listener>): MeshConfig {
  const next = patchListener(mesh, at, patch);
  const old = findGateway(mesh, at.gateway)?.listeners[at.listener]?.name;
  const renamed = next !== mesh && patch.name !== undefined && old !== undefined && patch.name !== old;
  if (!renamed) return next;
  const moved = (ref: ListenerRef) => ref.gateway === at.gateway && ref.sectionName === old;
  return {
    ...next,
    routes: next.routes.map((r) =>
      r.listenerRefs.some(moved)
        ? { ...r, listenerRefs: r.listenerRefs.map((ref) => (moved(ref) ? { ...ref, sectionName: patch.name } : ref)) }
        : r,
    ),
  };
}

const patchListener = (mesh: MeshConfig, at: ListenerAt, patch: Partial<Listener>): MeshConfig =>
  editGateway(mesh, at.gateway, (g) =>
    editList(g, "listeners", (ls) =>
      editAt(ls, at.listener, (l) => {
        const next: Listener = { ...l, ...patch };
        if (next.protocol === "HTTPS") {
          next.tls ??= { mode: "SIMPLE", credentialNames: [`${g.name}-cert`] };
          delete next.httpsRedirect;
        } else delete next.tls;
        for (const k of Object.keys(patch) as (keyof Listener)[]) if (patch[k] === undefined) delete next[k];
        return JSON.stringify(next) === JSON.stringify(l) ? l : next;
      }),
    ),
  );
