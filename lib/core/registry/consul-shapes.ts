import type { RegistryCheckView, RegistryInstanceView } from "../api/registry.ts";

/**
 * Registry entries in the JSON shapes of Consul's HTTP API (catalog and health endpoints). Signalbox has no agent
 * nodes: every instance is reported on one node named CONSUL_NODE whose Address is the instance's own address, so
 * clients that fall back from Service.Address to Node.Address reach the instance either way.
 */
export const CONSUL_NODE = "signalbox";
export const CONSUL_DATACENTER = "dc1";

const node = (i: RegistryInstanceView) => ({
  ID: "",
  Node: CONSUL_NODE,
  Address: i.address,
  Datacenter: CONSUL_DATACENTER,
  TaggedAddresses: null,
  Meta: null,
  CreateIndex: i.createIndex,
  ModifyIndex: i.modifyIndex,
});

const weights = (i: RegistryInstanceView) => ({ Passing: i.weight, Warning: 1 });

/** GET /v1/catalog/service/:name entries. */
export function consulCatalogService(i: RegistryInstanceView) {
  return {
    ID: "",
    Node: CONSUL_NODE,
    Address: i.address,
    Datacenter: CONSUL_DATACENTER,
    TaggedAddresses: null,
    NodeMeta: null,
    ServiceKind: "",
    ServiceID: i.id,
    ServiceName: i.service,
    ServiceTags: i.tags,
    ServiceAddress: i.address,
    ServiceWeights: weights(i),
    ServiceMeta: i.meta,
    ServicePort: i.port,
    ServiceEnableTagOverride: false,
    ServiceProxy: { MeshGateway: {}, Expose: {} },
    ServiceConnect: {},
    CreateIndex: i.createIndex,
    ModifyIndex: i.modifyIndex,
  };
}

const TYPE = { http: "http", tcp: "tcp", ttl: "ttl" } as const;

function consulCheck(i: RegistryInstanceView, c: RegistryCheckView) {
  return {
    Node: CONSUL_NODE,
    CheckID: c.id,
    Name: c.name,
    Status: c.status,
    Notes: c.notes,
    Output: c.output,
    ServiceID: i.id,
    ServiceName: i.service,
    ServiceTags: i.tags,
    Type: TYPE[c.kind],
    Definition: {},
    CreateIndex: c.createIndex,
    ModifyIndex: c.modifyIndex,
  };
}

/** GET /v1/health/service/:name entries: the node, the service and its checks. */
export function consulHealthEntry(i: RegistryInstanceView) {
  return {
    Node: node(i),
    Service: {
      ID: i.id,
      Service: i.service,
      Tags: i.tags,
      Address: i.address,
      Meta: i.meta,
      Port: i.port,
      Weights: weights(i),
      EnableTagOverride: false,
      Proxy: { MeshGateway: {}, Expose: {} },
      Connect: {},
      CreateIndex: i.createIndex,
      ModifyIndex: i.modifyIndex,
    },
    Checks: i.checks.map((c) => consulCheck(i, c)),
  };
}

/** GET /v1/catalog/services: service name → the union of its instances' tags. */
export function consulServiceTags(instances: readonly RegistryInstanceView[]): Record<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const i of instances) {
    const tags = out.get(i.service) ?? new Set<string>();
    for (const t of i.tags) tags.add(t);
    out.set(i.service, tags);
  }
  return Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, [...v].sort()]));
}
