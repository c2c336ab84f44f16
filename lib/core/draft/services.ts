import type { MeshConfig } from "../model/mesh.ts";
import type { Endpoint, Service, ServicePort, Version } from "../model/service.ts";
import type { TrafficPolicy } from "../model/traffic-policy.ts";
import { findService, findVersion, type EndpointAt, type VersionAt } from "./address.ts";
import { editAt, editList, editService, editVersion, editVersions, removeAt, removeNamed } from "./edit.ts";
import { patchObject } from "./objects.ts";

/** What the console lets people edit on a service itself (its name is its address and stays). */
export type ServiceDetails = Partial<Pick<Service, "host" | "description" | "external">>;

/** The endpoint a new version's "add endpoint" starts with. */
export const newEndpoint = (): Endpoint => ({ address: "127.0.0.1", port: 8080, weight: 1 });

/**
 * Adds a service with a first version v1 (labels app and version), with one endpoint when given.
 * The host defaults to `<name>.demo`. No-op when the name is empty or taken.
 */
export function addService(
  mesh: MeshConfig,
  service: { name: string; host?: string; endpoint?: Pick<Endpoint, "address" | "port"> },
): MeshConfig {
  const { name, host, endpoint } = service;
  if (!name || findService(mesh, name)) return mesh;
  const v1: Version = {
    name: "v1",
    labels: { app: name, version: "v1" },
    endpoints: endpoint ? [{ ...endpoint, weight: 1 }] : [],
  };
  const added: Service = {
    name,
    host: host || `${name}.demo`,
    description: "",
    external: false,
    versions: [v1],
    ports: [],
  };
  return { ...mesh, services: [...mesh.services, added] };
}

export const removeService = (mesh: MeshConfig, service: string): MeshConfig =>
  editList(mesh, "services", (services) => removeNamed(services, service));

export const setServiceDetails = (mesh: MeshConfig, service: string, details: ServiceDetails): MeshConfig =>
  editService(mesh, service, (s) => patchObject(s, details));

/** Replaces the service's ports (in order: the first is the protocol of destinations that name none). */
export const setServicePorts = (mesh: MeshConfig, service: string, ports: ServicePort[]): MeshConfig =>
  editService(mesh, service, (s) => ({ ...s, ports }));

/** A new port: the next free `portN` name and number 8080 upward, HTTP. */
export function newServicePort(ports: readonly ServicePort[]): ServicePort {
  let n = ports.length + 1;
  while (ports.some((p) => p.name === `port${n}`)) n++;
  let number = 8080;
  while (ports.some((p) => p.number === number)) number++;
  return { name: `port${n}`, number, protocol: "HTTP" };
}

/** Sets the service's traffic policy; undefined removes it (the proxy's defaults apply). */
export const setTrafficPolicy = (mesh: MeshConfig, service: string, policy: TrafficPolicy | undefined): MeshConfig =>
  editService(mesh, service, (s) => patchObject(s, { trafficPolicy: policy }));

/** The first of v1, v2, … from the service's version count on that no version has. */
function nextVersionName(s: Service): string {
  for (let n = s.versions.length + 1; ; n++) if (!s.versions.some((v) => v.name === `v${n}`)) return `v${n}`;
}

/** Adds a version with the next free name vN, labelled version=vN, without endpoints. */
export const addVersion = (mesh: MeshConfig, service: string): MeshConfig =>
  editService(mesh, service, (s) => {
    const name = nextVersionName(s);
    return { ...s, versions: [...s.versions, { name, labels: { version: name }, endpoints: [] }] };
  });

export const removeVersion = (mesh: MeshConfig, at: VersionAt): MeshConfig =>
  editVersions(mesh, at.service, (versions) => removeNamed(versions, at.version));

/** Whether `name` is free for the version at `at` (its own name is). Versions are addressed by name. */
export const versionNameFree = (mesh: MeshConfig, at: VersionAt, name: string): boolean =>
  name === at.version || !findVersion(mesh, { service: at.service, version: name });

/**
 * Renames a version; destinations naming the old name are left as they are (validation points at them).
 * No-op when another version of the service has the name: versions are addressed by name.
 */
export function renameVersion(mesh: MeshConfig, at: VersionAt, name: string): MeshConfig {
  if (!versionNameFree(mesh, at, name)) return mesh;
  return editVersion(mesh, at, (v) => (v.name === name ? v : { ...v, name }));
}

export const setVersionLabels = (mesh: MeshConfig, at: VersionAt, labels: Record<string, string>): MeshConfig =>
  editVersion(mesh, at, (v) => ({ ...v, labels }));

function editEndpoints(mesh: MeshConfig, at: VersionAt, edit: (endpoints: Endpoint[]) => Endpoint[]): MeshConfig {
  return editVersion(mesh, at, (v) => editList(v, "endpoints", edit));
}

export const addEndpoint = (mesh: MeshConfig, at: VersionAt): MeshConfig =>
  editEndpoints(mesh, at, (eps) => [...eps, newEndpoint()]);

export const setEndpoint = (mesh: MeshConfig, at: EndpointAt, patch: Partial<Endpoint>): MeshConfig =>
  editEndpoints(mesh, at, (eps) => editAt(eps, at.endpoint, (e) => patchObject(e, patch)));

export const removeEndpoint = (mesh: MeshConfig, at: EndpointAt): MeshConfig =>
  editEndpoints(mesh, at, (eps) => removeAt(eps, at.endpoint));
