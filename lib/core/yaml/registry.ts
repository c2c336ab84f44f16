import {
  namespaceField,
  ServiceSchema,
  type ClientTls,
  type Service,
  type ServicePort,
  type TrafficPolicy,
  type Version,
} from "../model/index.ts";
import type { DocumentLog, YamlPath } from "./report.ts";

export interface EndpointDraft {
  address: string;
  port: number;
  weight: number;
  /** Service port name → number, where the endpoint takes that port on another number than `port`. */
  ports?: Record<string, number>;
  labels: Record<string, string>;
  log: DocumentLog;
  path: YamlPath;
}

/** A service being assembled from several documents (ServiceEntry, DestinationRule, routes). */
export interface ServiceDraft {
  host: string;
  /**
   * The namespace of the first document that declared it (a backendRef's `namespace`, else the route's). An Istio
   * object may name a host of another namespace; the service still lives where its object does.
   */
  namespace: string;
  preferredName?: string;
  name?: string;
  external: boolean;
  description: string;
  subsets: Map<string, Record<string, string>>;
  /** Subset-level trafficPolicy.tls by subset name. */
  subsetTls: Map<string, ClientTls>;
  endpoints: EndpointDraft[];
  referencedVersions: Set<string>;
  /** Ports destinations name (`destination.port.number`). */
  referencedPorts: Set<number>;
  /** Of those, the ones a Kubernetes Service's appProtocol says speak HTTP/2 cleartext (`kubernetes.io/h2c`). */
  h2cPorts: Set<number>;
  /** The ServiceEntry's ports whose protocol the proxy forwards (HTTP, HTTP2, GRPC). */
  ports?: ServicePort[];
  trafficPolicy?: TrafficPolicy;
  log?: DocumentLog;
}

/** Turns any text into a DNS-1123 label (what NameSchema accepts). */
export function toName(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/\*/g, "wildcard")
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return s || "unnamed";
}

/** Kubernetes short names resolve in the document's namespace: `reviews` ≡ `reviews.<ns>.svc.cluster.local`. */
function qualifiedHost(host: string, namespace: string): string {
  const h = host.toLowerCase();
  if (!h.includes(".") && h !== "*") return `${h}.${namespace}.svc.cluster.local`;
  if (h.endsWith(".svc")) return `${h}.cluster.local`;
  return h;
}

/** Name derived from a host: the Kubernetes service name for cluster hosts, the whole host otherwise. */
function nameFromHost(host: string): string {
  const h = host.toLowerCase();
  if (!h.includes(".") || h.endsWith(".svc") || h.endsWith(".svc.cluster.local")) return toName(h.split(".")[0]!);
  return toName(h);
}

export class ServiceRegistry {
  private readonly drafts = new Map<string, ServiceDraft>();
  private readonly taken = new Set<string>();
  private locked = false;

  constructor(readonly defaultNamespace: string) {}

  /** Finds or creates the service for a host. The host is kept as first written (short or FQDN). */
  declare(host: string, namespace: string | undefined, preferredName?: string, log?: DocumentLog): ServiceDraft {
    const key = qualifiedHost(host, namespace ?? this.defaultNamespace);
    let draft = this.drafts.get(key);
    if (!draft) {
      draft = {
        host,
        namespace: namespace ?? this.defaultNamespace,
        external: false,
        description: "",
        subsets: new Map(),
        subsetTls: new Map(),
        endpoints: [],
        referencedVersions: new Set(),
        referencedPorts: new Set(),
        h2cPorts: new Set(),
        log,
      };
      this.drafts.set(key, draft);
      if (this.locked) this.assignName(draft);
    }
    if (preferredName && !draft.preferredName) draft.preferredName = toName(preferredName);
    draft.log ??= log;
    return draft;
  }

  /**
   * Fixes names of the services declared so far: the ServiceEntry or DestinationRule name when it
   * is free (that is what Signalbox's own export writes), else one derived from the host.
   */
  lockNames(): void {
    for (const d of this.drafts.values()) this.assignName(d);
    this.locked = true;
  }

  private assignName(d: ServiceDraft): void {
    if (d.name) return;
    const candidates = [d.preferredName, nameFromHost(d.host)].filter((c): c is string => !!c);
    let name = candidates.find((c) => !this.taken.has(c));
    for (let i = 2; !name; i++) if (!this.taken.has(`${candidates[0]}-${i}`)) name = `${candidates[0]}-${i}`;
    d.name = name;
    this.taken.add(name);
  }

  nameOf(draft: ServiceDraft): string {
    this.assignName(draft);
    return draft.name!;
  }

  /** Builds the services; drafts that fail the schema are reported on the document that made them. */
  build(): Service[] {
    const out: Service[] = [];
    for (const d of this.drafts.values()) {
      const parsed = ServiceSchema.safeParse({
        name: this.nameOf(d),
        ...namespaceField(d.namespace),
        host: d.host,
        description: d.description,
        external: d.external,
        versions: buildVersions(d),
        ports: d.ports ?? portsFromDestinations(d),
        trafficPolicy: d.trafficPolicy,
      });
      if (parsed.success) out.push(parsed.data);
      else
        d.log?.invalid(
          ["spec"],
          `service ${d.name}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
        );
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

const matches = (labels: Record<string, string>, selector: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Subsets select endpoints by labels, as in Istio; without subsets, the `version` label groups them. */
function buildVersions(d: ServiceDraft): Version[] {
  const versions = new Map<string, Version>();
  const ensure = (name: string, labels: Record<string, string>) => {
    if (!versions.has(name)) versions.set(name, { name: toName(name), labels, endpoints: [] });
    return versions.get(name)!;
  };
  for (const [name, labels] of d.subsets) ensure(name, labels);
  for (const e of d.endpoints) {
    const endpoint = { address: e.address, port: e.port, weight: e.weight, ...(e.ports ? { ports: e.ports } : {}) };
    if (d.subsets.size === 0) {
      const v = e.labels.version ?? "default";
      ensure(v, e.labels.version ? { version: v } : {}).endpoints.push(endpoint);
      continue;
    }
    const hits = [...d.subsets].filter(([, sel]) => matches(e.labels, sel));
    if (hits.length === 0)
      e.log.partial(e.path, `endpoint ${e.address} matches no subset of ${d.host} and was not imported`);
    for (const [name] of hits) versions.get(name)!.endpoints.push(endpoint);
  }
  for (const v of d.referencedVersions) ensure(v, {});
  for (const [name, tls] of d.subsetTls) if (versions.has(name)) versions.get(name)!.tls = tls;
  return [...versions.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * A host without a ServiceEntry (a Kubernetes Service, whose ports the YAML does not carry): the ports its
 * destinations name, as HTTP (the protocol Istio assumes for an unnamed port of a routed HTTP service), or HTTP2
 * (named `http2-<n>`, Istio's name prefix for it) where the input's Service gives the port appProtocol
 * kubernetes.io/h2c.
 */
function portsFromDestinations(d: ServiceDraft): ServicePort[] {
  return [...d.referencedPorts]
    .sort((a, b) => a - b)
    .map((number) =>
      d.h2cPorts.has(number)
        ? { name: `http2-${number}`, number, protocol: "HTTP2" as const }
        : { name: `http-${number}`, number, protocol: "HTTP" as const },
    );
}
