import type { MeshConfig } from "../model/mesh.ts";
import type { Destination, HeaderOps } from "../model/route.ts";
import type { Service } from "../model/service.ts";
import type { DestinationAt, RuleAt } from "./address.ts";
import { editAt, editList, editRule, removeAt } from "./edit.ts";
import { rebalance } from "./weights.ts";

function editDestinations(
  mesh: MeshConfig,
  at: RuleAt,
  edit: (destinations: Destination[]) => Destination[],
): MeshConfig {
  return editRule(mesh, at, (r) => editList(r, "destinations", edit));
}

/**
 * Sets a destination's weight. With `rebalance` (the default) the weight is clamped to 0..100 and the rule's
 * other destinations share the rest in proportion, so the rule keeps summing to 100; without it the value is
 * taken as given and validation reports a sum that is off.
 */
export function setWeight(
  mesh: MeshConfig,
  at: DestinationAt,
  weight: number,
  options: { rebalance?: boolean } = {},
): MeshConfig {
  return editDestinations(mesh, at, (dests) => {
    if (!dests[at.destination]) return dests;
    const weights =
      options.rebalance === false
        ? dests.map((d, i) => (i === at.destination ? weight : d.weight))
        : rebalance(
            dests.map((d) => d.weight),
            at.destination,
            weight,
          );
    if (weights.every((w, i) => w === dests[i]!.weight)) return dests;
    return dests.map((d, i) => (d.weight === weights[i] ? d : { ...d, weight: weights[i]! }));
  });
}

/** Adds a destination with weight 0 to the first version of the mesh's first service. */
export function addDestination(mesh: MeshConfig, at: RuleAt): MeshConfig {
  const s = mesh.services[0];
  const destination = { service: s?.name ?? "service", version: s?.versions[0]?.name ?? "v1", weight: 0 };
  return editDestinations(mesh, at, (dests) => [...dests, destination]);
}

export const removeDestination = (mesh: MeshConfig, at: DestinationAt): MeshConfig =>
  editDestinations(mesh, at, (dests) => removeAt(dests, at.destination));

/** Where a destination or a mirror can point: the services and their versions. */
export type Targets = readonly Pick<Service, "name" | "versions">[];

/**
 * `current` pointed at `target`. A new service without a version goes to that service's first version (or keeps
 * the version name when the service has none or is unknown). Returns `current` itself when nothing changes.
 */
export function retarget<T extends { service: string; version: string }>(
  services: Targets,
  current: T,
  target: { service?: string; version?: string },
): T {
  const service = target.service ?? current.service;
  const first = () => services.find((s) => s.name === service)?.versions[0]?.name ?? current.version;
  const version = target.version ?? (service === current.service ? current.version : first());
  return service === current.service && version === current.version ? current : { ...current, service, version };
}

/** Points a destination at another service and/or version (see `retarget`). */
export function setDestination(
  mesh: MeshConfig,
  at: DestinationAt,
  target: { service?: string; version?: string },
): MeshConfig {
  return editDestinations(mesh, at, (dests) =>
    editAt(dests, at.destination, (d) => {
      const next = retarget(mesh.services, d, target);
      // A port belongs to its service: another service starts from its own first port.
      return next.service === d.service || next.port === undefined ? next : withoutPort(next);
    }),
  );
}

/** Sets (or with undefined removes) a destination's own request or response header operations. */
export function setDestinationHeaders(
  mesh: MeshConfig,
  at: DestinationAt,
  direction: "request" | "response",
  ops: HeaderOps | undefined,
): MeshConfig {
  const key = direction === "request" ? "requestHeaders" : "responseHeaders";
  return editDestinations(mesh, at, (dests) =>
    editAt(dests, at.destination, (d) => {
      if (d[key] === ops) return d;
      const next = { ...d, [key]: ops };
      if (ops === undefined) delete next[key];
      return next;
    }),
  );
}

/** The service port a destination names (its protocol picks HTTP/1.1 or HTTP/2 upstream); undefined: the first. */
export function setDestinationPort(mesh: MeshConfig, at: DestinationAt, port: number | undefined): MeshConfig {
  return editDestinations(mesh, at, (dests) =>
    editAt(dests, at.destination, (d) => (port === undefined ? withoutPort(d) : { ...d, port })),
  );
}

function withoutPort<T extends { port?: number }>(d: T): T {
  const copy = { ...d };
  delete copy.port;
  return copy;
}
