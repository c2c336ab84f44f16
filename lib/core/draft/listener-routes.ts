import type { MeshConfig } from "../model/mesh.ts";
import { findGateway } from "./gateways.ts";
import { editRoute } from "./edit.ts";

/**
 * A route's attachment to a gateway, as the topology draws it: through the listener its listenerRef `ref` selects,
 * or (no `ref`) through every listener of the gateway.
 */
export interface AttachmentAt {
  route: string;
  gateway: string;
  /** Position in the route's listenerRefs. */
  ref?: number;
}

/**
 * Attaches the route to one listener of a gateway (a Gateway API parentRef with `sectionName`): the route is bound
 * to the gateway and served there through that listener only. A route attached through every listener of the
 * gateway is narrowed to this one; one bound to no gateway (served everywhere) is bound to this gateway only.
 * No-op when the route, the gateway or its listener is missing, or the route is already attached to it.
 */
export function attachRouteToListener(mesh: MeshConfig, route: string, gateway: string, listener: string): MeshConfig {
  if (!findGateway(mesh, gateway)?.listeners.some((l) => l.name === listener)) return mesh;
  const same = (ref: { gateway: string; sectionName?: string; port?: number }) =>
    ref.gateway === gateway && ref.sectionName === listener && ref.port === undefined;
  return editRoute(mesh, route, (r) => {
    if (r.gateways.includes(gateway) && r.listenerRefs.some(same)) return r;
    return {
      ...r,
      gateways: r.gateways.includes(gateway) ? r.gateways : [...r.gateways, gateway],
      listenerRefs: [...r.listenerRefs.filter((ref) => !same(ref)), { gateway, sectionName: listener }],
    };
  });
}

/**
 * Detaches the route: from the listener(s) its listenerRef `ref` selects, or (no `ref`) from the whole gateway.
 * When no listenerRef to the gateway is left, the route is unbound from it too: otherwise it would widen to every
 * listener of the gateway. A route left bound to no gateway is a mesh route again, served by every proxy (what it
 * was before it was first attached). No-op when the route, the gateway binding or the ref is missing.
 */
export function detachRoute(mesh: MeshConfig, at: AttachmentAt): MeshConfig {
  return editRoute(mesh, at.route, (r) => {
    if (!r.gateways.includes(at.gateway)) return r;
    if (at.ref !== undefined && r.listenerRefs[at.ref]?.gateway !== at.gateway) return r;
    const listenerRefs =
      at.ref === undefined
        ? r.listenerRefs.filter((ref) => ref.gateway !== at.gateway)
        : r.listenerRefs.filter((_, i) => i !== at.ref);
    const stillAttached = listenerRefs.some((ref) => ref.gateway === at.gateway);
    return { ...r, gateways: stillAttached ? r.gateways : r.gateways.filter((g) => g !== at.gateway), listenerRefs };
  });
}
