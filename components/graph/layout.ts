import type { MeshConfig } from "@/lib/core/index.ts";

/**
 * Pure left-to-right layered layout: gateways | routes | services (groups holding their versions).
 * Positions are layout only: they are recomputed from the mesh and never stored in the rules.
 */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MeshLayout {
  gateways: Map<string, Box>;
  routes: Map<string, Box>;
  services: Map<string, Box>;
  /** Keyed `service/version`, relative to the service group. */
  versions: Map<string, Box>;
}

export const SIZE = {
  gateway: { width: 190, header: 44, row: 22, padding: 6 },
  route: { width: 240, header: 52, row: 28, padding: 8 },
  service: { width: 210, header: 44, padding: 10 },
  version: { width: 190, height: 46, gap: 10 },
  columnX: [0, 250, 860] as const,
  gapY: 28,
};

/** A gateway node: its name, then one row per listener (each a handle routes attach to). */
export const gatewayHeight = (listeners: number) =>
  SIZE.gateway.header + Math.max(1, listeners) * SIZE.gateway.row + SIZE.gateway.padding;
export const routeHeight = (rules: number) => SIZE.route.header + rules * SIZE.route.row + SIZE.route.padding;
export const serviceHeight = (versions: number) =>
  SIZE.service.header +
  Math.max(1, versions) * (SIZE.version.height + SIZE.version.gap) +
  SIZE.service.padding -
  SIZE.version.gap;

/** Services in the order routes first reach them (fewer crossings), then the unreferenced ones. */
export function serviceOrder(mesh: MeshConfig, routeNames: string[]): string[] {
  const seen: string[] = [];
  for (const name of routeNames) {
    const route = mesh.routes.find((r) => r.name === name);
    for (const rule of route?.rules ?? [])
      for (const d of rule.destinations) if (!seen.includes(d.service)) seen.push(d.service);
  }
  const known = mesh.services.map((s) => s.name);
  return [...seen.filter((s) => known.includes(s)), ...known.filter((s) => !seen.includes(s))];
}

/** Routes grouped by the first gateway they bind (unbound routes last), stable otherwise. */
export function routeOrder(mesh: MeshConfig): string[] {
  const gw = mesh.gateways.map((g) => g.name);
  const rank = (gateways: string[]) => {
    const idx = gateways.map((g) => gw.indexOf(g)).filter((i) => i >= 0);
    return idx.length ? Math.min(...idx) : gw.length;
  };
  return mesh.routes
    .map((r, i) => ({ name: r.name, rank: rank(r.gateways), i }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((r) => r.name);
}

function stack(items: { key: string; height: number }[], x: number, width: number): Map<string, Box> {
  const total = items.reduce((a, it) => a + it.height, 0) + SIZE.gapY * Math.max(0, items.length - 1);
  let y = -total / 2;
  const out = new Map<string, Box>();
  for (const it of items) {
    out.set(it.key, { x, y, width, height: it.height });
    y += it.height + SIZE.gapY;
  }
  return out;
}

export function layoutMesh(mesh: MeshConfig): MeshLayout {
  const [gx, rx, sx] = SIZE.columnX;
  const routes = routeOrder(mesh);
  const services = serviceOrder(mesh, routes);
  const byRoute = new Map(mesh.routes.map((r) => [r.name, r]));
  const bySvc = new Map(mesh.services.map((s) => [s.name, s]));

  const versions = new Map<string, Box>();
  for (const svc of mesh.services) {
    svc.versions.forEach((v, i) => {
      versions.set(`${svc.name}/${v.name}`, {
        x: SIZE.service.padding,
        y: SIZE.service.header + i * (SIZE.version.height + SIZE.version.gap),
        width: SIZE.version.width,
        height: SIZE.version.height,
      });
    });
  }
  return {
    gateways: stack(
      mesh.gateways.map((g) => ({ key: g.name, height: gatewayHeight(g.listeners.length) })),
      gx,
      SIZE.gateway.width,
    ),
    routes: stack(
      routes.map((r) => ({ key: r, height: routeHeight(byRoute.get(r)?.rules.length ?? 1) })),
      rx,
      SIZE.route.width,
    ),
    services: stack(
      services.map((s) => ({ key: s, height: serviceHeight(bySvc.get(s)?.versions.length ?? 0) })),
      sx,
      SIZE.service.width,
    ),
    versions,
  };
}
