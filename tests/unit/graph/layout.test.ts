import { describe, expect, it } from "vitest";
import {
  layoutMesh,
  routeHeight,
  routeOrder,
  serviceHeight,
  serviceOrder,
  SIZE,
  type Box,
  type MeshLayout,
} from "@/components/graph/layout.ts";
import type { MeshConfig, Service } from "@/lib/core/index.ts";
import { MESH_CORPUS } from "../../fixtures/meshes/index.ts";
import { seededRandom } from "../../helpers/random.ts";
import { shuffleMesh } from "../core/shuffle.ts";
import { bookinfo, parse, twoGateways } from "./meshes.ts";

const SEEDS = [1, 2, 3, 42, 1234, 99991];

/** A larger mesh with random shape: 0–3 gateways, services with 0–4 versions, routes with 1–4 rules. */
function randomMesh(seed: number): MeshConfig {
  const r = seededRandom(seed);
  const pick = (n: number) => Math.floor(r() * n);
  const gateways = Array.from({ length: pick(4) }, (_, i) => ({
    name: `gw-${i}`,
    listeners: [{ name: "http", port: 80 + i, hosts: ["*"] }],
  }));
  const services = Array.from({ length: 2 + pick(8) }, (_, i) => ({
    name: `svc-${i}`,
    host: `svc-${i}.test`,
    versions: Array.from({ length: pick(5) }, (_, v) => ({ name: `v${v}` })),
  }));
  const targets = services.flatMap((s) => s.versions.map((v) => ({ service: s.name, version: v.name })));
  const routes = Array.from({ length: 1 + pick(8) }, (_, i) => ({
    name: `route-${i}`,
    hosts: [`r${i}.test`],
    gateways: gateways.filter(() => r() < 0.4).map((g) => g.name),
    rules: Array.from({ length: 1 + pick(4) }, () => ({
      destinations: targets.length ? [{ ...targets[pick(targets.length)]!, weight: 100 }] : [],
    })),
  }));
  return parse({ services, gateways, routes });
}

const MESHES: [string, () => MeshConfig][] = [
  ...Object.entries(MESH_CORPUS),
  ["two-gateways", twoGateways],
  ...[5, 6, 7, 8, 9].map((s): [string, () => MeshConfig] => [`random-${s}`, () => randomMesh(s)]),
];

interface Placed extends Box {
  id: string;
}

/** Every box in canvas coordinates (versions are relative to their service group). */
function placed(layout: MeshLayout): { columns: Placed[][]; versions: Map<string, Placed[]> } {
  const list = (m: Map<string, Box>, kind: string) => [...m].map(([k, b]) => ({ id: `${kind}:${k}`, ...b }));
  const versions = new Map<string, Placed[]>();
  for (const [key, b] of layout.versions) {
    const svc = key.slice(0, key.indexOf("/"));
    const parent = layout.services.get(svc)!;
    versions.set(svc, [
      ...(versions.get(svc) ?? []),
      { id: `ver:${key}`, x: parent.x + b.x, y: parent.y + b.y, width: b.width, height: b.height },
    ]);
  }
  return {
    columns: [list(layout.gateways, "gw"), list(layout.routes, "route"), list(layout.services, "svc")],
    versions,
  };
}

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

function overlaps(boxes: Placed[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      if (overlap(boxes[i]!, boxes[j]!)) out.push(`${boxes[i]!.id} × ${boxes[j]!.id}`);
  return out;
}

/** Keys of a column from top to bottom. */
const topDown = (m: Map<string, Box>) => [...m].sort((a, b) => a[1].y - b[1].y).map(([k]) => k);

describe("layoutMesh geometry", () => {
  for (const [name, make] of MESHES) {
    const variants: [string, MeshConfig][] = [
      ["as given", make()],
      ...SEEDS.map((s): [string, MeshConfig] => [`shuffle ${s}`, shuffleMesh(make(), s)]),
    ];

    it(`${name}: no two boxes overlap, in any input order`, () => {
      for (const [label, mesh] of variants) {
        const { columns, versions } = placed(layoutMesh(mesh));
        expect(overlaps(columns.flat()), label).toEqual([]);
        for (const [svc, vs] of versions) {
          expect(overlaps(vs), `${label} ${svc}`).toEqual([]);
          for (const v of vs)
            expect(
              inside(
                v,
                columns[2]!.find((s) => s.id === `svc:${svc}`)!,
              ),
              `${label} ${v.id}`,
            ).toBe(true);
        }
      }
    });

    it(`${name}: columns run gateways | routes | services from left to right, each centred on y = 0`, () => {
      const { columns } = placed(layoutMesh(make()));
      const [gateways, routes, services] = columns;
      expect(new Set(gateways!.map((b) => b.x))).toEqual(new Set(gateways!.length ? [SIZE.columnX[0]] : []));
      expect(new Set(routes!.map((b) => b.x))).toEqual(new Set([SIZE.columnX[1]]));
      expect(new Set(services!.map((b) => b.x))).toEqual(new Set([SIZE.columnX[2]]));
      const right = (bs: Box[]) => Math.max(...bs.map((b) => b.x + b.width));
      const left = (bs: Box[]) => Math.min(...bs.map((b) => b.x));
      if (gateways!.length) expect(right(gateways!)).toBeLessThan(left(routes!));
      expect(right(routes!)).toBeLessThan(left(services!));
      for (const col of columns) {
        if (!col.length) continue;
        const top = Math.min(...col.map((b) => b.y));
        const bottom = Math.max(...col.map((b) => b.y + b.height));
        expect(top).toBeCloseTo(-bottom);
      }
    });

    it(`${name}: one box per gateway, route, service and version, sized by its content`, () => {
      const mesh = make();
      const layout = layoutMesh(mesh);
      expect([...layout.gateways.keys()].sort()).toEqual(mesh.gateways.map((g) => g.name).sort());
      expect([...layout.routes.keys()].sort()).toEqual(mesh.routes.map((r) => r.name).sort());
      expect([...layout.services.keys()].sort()).toEqual(mesh.services.map((s) => s.name).sort());
      expect([...layout.versions.keys()].sort()).toEqual(
        mesh.services.flatMap((s) => s.versions.map((v) => `${s.name}/${v.name}`)).sort(),
      );
      for (const r of mesh.routes) expect(layout.routes.get(r.name)!.height, r.name).toBe(routeHeight(r.rules.length));
      for (const s of mesh.services)
        expect(layout.services.get(s.name)!.height, s.name).toBe(serviceHeight(s.versions.length));
    });

    it(`${name}: the same mesh always gets the same layout; a reordered one gets the same boxes in its own order`, () => {
      const reference = layoutMesh(make());
      expect(layoutMesh(structuredClone(make()))).toEqual(reference);
      const size = (m: Map<string, Box>) => new Map([...m].map(([k, b]) => [k, `${b.x} ${b.width}×${b.height}`]));
      for (const seed of SEEDS) {
        const mesh = shuffleMesh(make(), seed);
        const layout = layoutMesh(mesh);
        expect(layoutMesh(shuffleMesh(make(), seed)), `seed ${seed}`).toEqual(layout);
        for (const kind of ["gateways", "routes", "services"] as const)
          expect(size(layout[kind]), `seed ${seed} ${kind}`).toEqual(size(reference[kind]));
        // Top to bottom, the columns follow the documented orders (computed from this input).
        expect(topDown(layout.routes), `seed ${seed}`).toEqual(routeOrder(mesh));
        expect(topDown(layout.services), `seed ${seed}`).toEqual(serviceOrder(mesh, routeOrder(mesh)));
        expect(topDown(layout.gateways), `seed ${seed}`).toEqual(mesh.gateways.map((g) => g.name));
      }
    });
  }

  it("services that routes reach are placed by route order, so reordering only the services array changes nothing", () => {
    for (const make of [bookinfo, MESH_CORPUS["full-features"]!]) {
      const reference = layoutMesh(make());
      const n = make().services.length;
      const orders = [
        (s: Service[]) => [...s].reverse(),
        ...Array.from({ length: n - 1 }, (_, k) => (s: Service[]) => [...s.slice(k + 1), ...s.slice(0, k + 1)]),
      ];
      for (const [i, reorder] of orders.entries()) {
        const mesh = make();
        const services = reorder(mesh.services);
        expect(services.map((s) => s.name)).not.toEqual(mesh.services.map((s) => s.name));
        expect(layoutMesh({ ...mesh, services }), `order ${i}`).toEqual(reference);
      }
    }
  });

  it("versions are stacked inside their service in array order, below the header", () => {
    const layout = layoutMesh(bookinfo());
    const reviews = ["v1", "v2", "v3"].map((v) => layout.versions.get(`reviews/${v}`)!);
    expect(reviews.map((b) => b.x)).toEqual([SIZE.service.padding, SIZE.service.padding, SIZE.service.padding]);
    expect(reviews[0]!.y).toBe(SIZE.service.header);
    expect(reviews[1]!.y - reviews[0]!.y).toBe(SIZE.version.height + SIZE.version.gap);
    expect(reviews[2]!.y - reviews[1]!.y).toBe(SIZE.version.height + SIZE.version.gap);
  });

  it("an empty mesh lays out nothing", () => {
    const layout = layoutMesh(parse({}));
    expect([layout.gateways.size, layout.routes.size, layout.services.size, layout.versions.size]).toEqual([
      0, 0, 0, 0,
    ]);
  });
});

describe("heights", () => {
  it("a route is its header, one row per rule and padding", () => {
    expect(routeHeight(1)).toBe(SIZE.route.header + SIZE.route.row + SIZE.route.padding);
    for (let n = 1; n < 10; n++) expect(routeHeight(n + 1) - routeHeight(n)).toBe(SIZE.route.row);
  });

  it("a service fits its versions with padding below the last one, and keeps room for one when empty", () => {
    expect(serviceHeight(0)).toBe(serviceHeight(1));
    for (let n = 1; n <= 8; n++) {
      const last = SIZE.service.header + (n - 1) * (SIZE.version.height + SIZE.version.gap) + SIZE.version.height;
      expect(serviceHeight(n), `${n} versions`).toBe(last + SIZE.service.padding);
    }
  });
});

describe("routeOrder", () => {
  it("groups routes by the first gateway (in gateway order) they bind; unbound and unknown-gateway routes last; ties keep array order", () => {
    expect(routeOrder(twoGateways())).toEqual(["r-public", "r-both", "r-internal", "r-mesh", "r-ghost"]);
  });

  it("without gateways keeps the array order", () => {
    expect(routeOrder(bookinfo())).toEqual(["productpage", "details", "ratings", "reviews"]);
  });
});

describe("serviceOrder", () => {
  it("lists services in the order the given routes reach them, then the unreferenced ones in array order", () => {
    const mesh = twoGateways();
    expect(serviceOrder(mesh, routeOrder(mesh))).toEqual(["alpha", "beta", "unused", "empty"]);
    expect(serviceOrder(mesh, ["r-internal", "r-mesh"])).toEqual(["beta", "alpha", "unused", "empty"]);
  });

  it("ignores unknown routes and destinations to unknown services", () => {
    const mesh = twoGateways();
    mesh.routes[0]!.rules[0]!.destinations.unshift({ service: "ghost", version: "v1", weight: 0 });
    expect(serviceOrder(mesh, ["nope", "r-internal"])).toEqual(["beta", "unused", "alpha", "empty"]);
  });
});
