/**
 * Issue 12 item 2: the incremental compile (CompileCache) and the native hash give exactly what a fresh compile and
 * the pure-JS hash give: on the golden meshes, and after random single edits to a mesh compiled before with the same
 * cache (property-style, seeded).
 */
import { describe, expect, it } from "vitest";
import { buildSnapshot, buildSnapshotNative, CompileCache, compileMesh } from "@/lib/core/compile/index.ts";
import { bookinfoMesh } from "@/lib/core/demo/bookinfo.ts";
import type { MeshConfig } from "@/lib/core/model/index.ts";
import { canonicalJson } from "@/lib/core/snapshot/canonical-json.ts";
import { contentHash, contentHashNative } from "@/lib/core/snapshot/hash.ts";
import { benchMesh } from "../../bench/core-fixtures.ts";
import { GOLDEN_HASHES } from "../../fixtures/meshes/golden-hashes.ts";
import { MESH_CORPUS } from "../../fixtures/meshes/index.ts";
import { seededRandom } from "../../helpers/random.ts";

/** The canonical JSON as it was written before (sorted copy, then JSON.stringify): the reference for the new one. */
function referenceCanonical(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) {
        const x = (v as Record<string, unknown>)[key];
        if (x !== undefined) out[key] = sortKeys(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

describe("canonical JSON and the native hash", () => {
  it("writes the same bytes as the sorted-copy implementation, escapes and odd values included", () => {
    const odd = {
      z: [1, undefined, null, 'x\u0000"\\\n\u2028é😀', -0, 1e21, 0.1, true],
      a: { "b\u0000": undefined, é: { y: 1, x: [] }, "": {} },
      f: () => 1,
      d: new Date(0),
      n: -12.5e-7,
    };
    expect(canonicalJson(odd)).toBe(referenceCanonical(odd));
    for (const [name, make] of Object.entries(MESH_CORPUS)) {
      const config = compileMesh(make());
      expect(canonicalJson(config), name).toBe(referenceCanonical(config));
    }
  });

  it("refuses non-finite numbers, as before", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson([Infinity])).toThrow(/non-finite/);
  });

  for (const [name, make] of Object.entries(MESH_CORPUS)) {
    it(`${name}: the native hash is the pinned golden hash`, async () => {
      const snapshot = await buildSnapshotNative(make(), 7);
      expect(snapshot.hash).toBe(GOLDEN_HASHES[name]);
      expect(snapshot.hash).toBe(buildSnapshot(make(), 7).hash);
      // And through a cache, cold and warm.
      const cache = new CompileCache();
      expect((await buildSnapshotNative(make(), 7, cache)).hash).toBe(GOLDEN_HASHES[name]);
      expect((await buildSnapshotNative(make(), 8, cache)).hash).toBe(GOLDEN_HASHES[name]);
      expect(cache.hits).toBeGreaterThan(0);
    });
  }

  it("hashes any value as contentHash does", async () => {
    const values = [{}, [], "x", 0, { b: [1, { d: 2, c: 3 }], a: "é" }, bookinfoMesh()];
    for (const v of values) expect(await contentHashNative(v)).toBe(contentHash(v));
  });
});

type Edit = (mesh: MeshConfig, rnd: () => number) => string;
const pick = <T>(xs: readonly T[], rnd: () => number): T => xs[Math.floor(rnd() * xs.length)]!;

/** Single edits of the kinds a change makes; each returns what it did, for the failure message. */
const EDITS: Edit[] = [
  (m, rnd) => {
    const route = pick(m.routes, rnd);
    const rule = pick(route.rules, rnd);
    const w = Math.floor(rnd() * 101);
    const svc = rule.destinations[0]!.service;
    rule.destinations = [
      { service: svc, version: "v1", weight: w },
      { service: svc, version: "v2", weight: 100 - w },
    ];
    return `split ${route.name} ${w}/${100 - w}`;
  },
  (m, rnd) => {
    const route = pick(m.routes, rnd);
    route.rules.reverse();
    return `reverse rules of ${route.name}`;
  },
  (m, rnd) => {
    const route = pick(m.routes, rnd);
    route.hosts = [...route.hosts, `extra-${Math.floor(rnd() * 1e6)}.example.com`];
    return `add a host to ${route.name}`;
  },
  (m, rnd) => {
    const route = pick(m.routes, rnd);
    const other = pick(m.routes, rnd);
    route.hosts = [...route.hosts, other.hosts[0]!];
    return `${route.name} also serves ${other.hosts[0]} (merged host)`;
  },
  (m, rnd) => {
    const svc = pick(m.services, rnd);
    const ver = pick(svc.versions, rnd);
    ver.endpoints = [...ver.endpoints, { address: `10.99.${Math.floor(rnd() * 250)}.1`, port: 9090, weight: 1 }];
    return `endpoint added to ${svc.name}/${ver.name}`;
  },
  (m, rnd) => {
    const i = Math.floor(rnd() * m.routes.length);
    const name = m.routes[i]!.name;
    m.routes.splice(i, 1);
    return `route ${name} removed`;
  },
];

describe("cached compile equals a fresh compile after any single edit", () => {
  it("on a 40-service mesh, 60 seeded edits in a row through one cache", async () => {
    const rnd = seededRandom(12);
    let mesh = benchMesh(40, 4, 2);
    const cache = new CompileCache();
    compileMesh(mesh, cache);
    for (let step = 0; step < 60; step++) {
      mesh = structuredClone(mesh);
      const what = pick(EDITS, rnd)(mesh, rnd);
      const cached = await buildSnapshotNative(mesh, step, cache);
      const fresh = buildSnapshot(structuredClone(mesh), step);
      expect(canonicalJson(cached.config), `step ${step}: ${what}`).toBe(canonicalJson(fresh.config));
      expect(cached.hash, `step ${step}: ${what}`).toBe(fresh.hash);
    }
    expect(cache.hits).toBeGreaterThan(cache.misses);
    // 120 compiles of a 40-service mesh: ~2 s alone, over vitest's 5 s default on a loaded 2-core machine.
  }, 60_000);

  it("on the fixture meshes: each edit once, against a warm cache", async () => {
    for (const [name, make] of Object.entries(MESH_CORPUS)) {
      for (let e = 0; e < EDITS.length; e++) {
        const cache = new CompileCache();
        compileMesh(make(), cache);
        const mesh = make();
        const rnd = seededRandom(e + 1);
        if (mesh.routes.length === 0) continue;
        const what = EDITS[e]!(mesh, rnd);
        const cached = await buildSnapshotNative(mesh, 1, cache);
        const fresh = buildSnapshot(structuredClone(mesh), 1);
        expect(cached.hash, `${name}: ${what}`).toBe(fresh.hash);
        expect(canonicalJson(cached.config), `${name}: ${what}`).toBe(canonicalJson(fresh.config));
      }
    }
  });
});
