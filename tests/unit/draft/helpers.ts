import type { MeshConfig } from "@/lib/core/index.ts";

/** Freezes every object below `value`, so a command that mutates its input throws. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export const routeOf = (mesh: MeshConfig, name: string) => {
  const r = mesh.routes.find((x) => x.name === name);
  if (!r) throw new Error(`no route ${name}`);
  return r;
};

export const serviceOf = (mesh: MeshConfig, name: string) => {
  const s = mesh.services.find((x) => x.name === name);
  if (!s) throw new Error(`no service ${name}`);
  return s;
};

export const versionOf = (mesh: MeshConfig, service: string, version: string) => {
  const v = serviceOf(mesh, service).versions.find((x) => x.name === version);
  if (!v) throw new Error(`no version ${service}/${version}`);
  return v;
};

export const weightsOf = (mesh: MeshConfig, route: string, rule = 0) =>
  routeOf(mesh, route).rules[rule]!.destinations.map((d) => d.weight);
