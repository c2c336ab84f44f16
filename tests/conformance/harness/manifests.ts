import { parseAllDocuments } from "yaml";
import { buildSnapshot } from "../../../lib/core/compile/index.ts";
import type { MeshConfig, Snapshot } from "../../../lib/core/index.ts";
import { hasErrors, parseMesh, validateMesh } from "../../../lib/core/validate/index.ts";
import { importYaml } from "../../../lib/core/yaml/index.ts";

/** The suite's applier writes the GatewayClass under test into every Gateway; Signalbox's class is `signalbox`. */
export function prepareManifests(text: string): string {
  return text.replaceAll("{GATEWAY_CLASS_NAME}", "signalbox");
}

/** A Kubernetes Service of the manifests and the pod labels it selects (none: endpoints are set by hand). */
export interface KubeService {
  name: string;
  namespace: string;
  selector?: Record<string, string>;
  /** Its ports: `port` is what backendRefs name, `targetPort` the pod's (container) port it reaches. */
  ports: { port: number; targetPort?: number }[];
}

/** A Deployment: upstream runs echo-basic pods named after it; the harness runs one echo server per Deployment. */
export interface KubeDeployment {
  name: string;
  namespace: string;
  labels: Record<string, string>;
}

interface KubeObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
  spec?: { selector?: unknown; ports?: unknown; template?: { metadata?: { labels?: unknown } } };
}

const stringMap = (v: unknown): Record<string, string> | undefined =>
  v && typeof v === "object" && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"))
    : undefined;

/** The Services and Deployments of the manifests: what Kubernetes would run behind the routes. */
export function kubernetesBackends(text: string): { services: KubeService[]; deployments: KubeDeployment[] } {
  const services: KubeService[] = [];
  const deployments: KubeDeployment[] = [];
  for (const doc of parseAllDocuments(text)) {
    const obj = doc.toJS() as KubeObject | null;
    const name = obj?.metadata?.name;
    if (!obj || typeof name !== "string") continue;
    const namespace = typeof obj.metadata?.namespace === "string" ? obj.metadata.namespace : "default";
    if (obj.apiVersion === "v1" && obj.kind === "Service") {
      const ports = (Array.isArray(obj.spec?.ports) ? (obj.spec.ports as Record<string, unknown>[]) : []).flatMap(
        (p) =>
          typeof p?.port === "number"
            ? [{ port: p.port, ...(typeof p.targetPort === "number" ? { targetPort: p.targetPort } : {}) }]
            : [],
      );
      services.push({ name, namespace, selector: stringMap(obj.spec?.selector), ports });
    } else if (obj.apiVersion === "apps/v1" && obj.kind === "Deployment") {
      deployments.push({ name, namespace, labels: stringMap(obj.spec?.template?.metadata?.labels) ?? {} });
    }
  }
  return { services, deployments };
}

/**
 * The Kubernetes Service a Signalbox service version stands for: the importer splits a backendRef name at its
 * last `-` into service and version, and routes a name without `-` to version `default` (lib/core/yaml README).
 */
export function kubernetesServiceName(service: string, version: string): string {
  return version === "default" ? service : `${service}-${version}`;
}

export type SnapshotResult = { ok: true; snapshot: Snapshot; mesh: MeshConfig } | { ok: false; error: string };

/**
 * Manifests → proxy snapshot through the same code as `signalbox convert --to snapshot` (importYaml, parseMesh,
 * validateMesh, buildSnapshot). The one addition is what Kubernetes would provide: every version whose Service
 * exists gets that Service's echo server as its endpoint (`endpointFor` returns null when there is none), taking
 * each service port on the pod port the Service's targetPort names.
 */
export interface HarnessEndpoint {
  address: string;
  port: number;
  /** The pod port a Service port number reaches (its targetPort's), when it is not `port`. */
  portFor?: (servicePort: number) => number;
}

export function snapshotFromManifests(
  text: string,
  version: number,
  endpointFor: (service: string) => HarnessEndpoint | null,
): SnapshotResult {
  const { mesh, report } = importYaml(text);
  const invalid = report.documents.find((d) => d.status === "invalid");
  if (invalid) {
    return { ok: false, error: `import: ${invalid.kind} ${invalid.name}: ${invalid.issues[0]?.message ?? "invalid"}` };
  }
  const withEndpoints: MeshConfig = {
    ...mesh,
    services: mesh.services.map((s) => ({
      ...s,
      versions: s.versions.map((v) => {
        const ep = endpointFor(kubernetesServiceName(s.name, v.name));
        if (!ep || v.endpoints.length > 0) return v;
        // Each service port on the pod port its targetPort names (echo-basic: HTTP/1.1 on one, h2c on another).
        const ports = Object.fromEntries(
          s.ports.flatMap((sp) => {
            const n = ep.portFor?.(sp.number);
            return n !== undefined && n !== ep.port ? [[sp.name, n] as const] : [];
          }),
        );
        const mapped = Object.keys(ports).length > 0 ? { ports } : {};
        return { ...v, endpoints: [{ address: ep.address, port: ep.port, weight: 1, ...mapped }] };
      }),
    })),
  };
  const parsed = parseMesh(withEndpoints);
  if (!parsed.ok) return { ok: false, error: `model: ${parsed.issues[0]?.message ?? "invalid"}` };
  const issues = validateMesh(parsed.mesh);
  if (hasErrors(issues)) {
    const e = issues.find((i) => i.severity === "error")!;
    return { ok: false, error: `validation ${e.code}: ${e.path.join(".")}: ${e.message}` };
  }
  return { ok: true, snapshot: buildSnapshot(parsed.mesh, version), mesh: parsed.mesh };
}

/** backendRef name → namespace, from the HTTPRoutes of the manifests (a ref without namespace: the route's). */
export function backendRefNamespaces(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const doc of parseAllDocuments(text)) {
    const obj = doc.toJS() as {
      kind?: unknown;
      metadata?: { namespace?: unknown };
      spec?: { rules?: { backendRefs?: { name?: unknown; namespace?: unknown }[] }[] };
    };
    if (obj?.kind !== "HTTPRoute") continue;
    const routeNs = typeof obj.metadata?.namespace === "string" ? obj.metadata.namespace : "default";
    for (const rule of obj.spec?.rules ?? []) {
      for (const ref of rule.backendRefs ?? []) {
        if (typeof ref.name !== "string") continue;
        out.set(ref.name, typeof ref.namespace === "string" ? ref.namespace : routeNs);
      }
    }
  }
  return out;
}

/** The manifests without one object (kind, name, namespace), as `kubectl delete` would leave them. */
export function withoutObject(text: string, target: { kind: string; name: string; namespace: string }): string {
  return parseAllDocuments(text)
    .filter((doc) => {
      const obj = doc.toJS() as KubeObject | null;
      return !(
        obj?.kind === target.kind &&
        obj.metadata?.name === target.name &&
        (obj.metadata?.namespace ?? "default") === target.namespace
      );
    })
    .map((doc) => doc.toString())
    .join("---\n");
}
