import type { Gateway, LoadBalancer, PortTrafficPolicy, Service, TrafficPolicy, Version } from "../model/index.ts";
import { canonicalJson } from "../snapshot/canonical-json.ts";
import { formatDuration } from "./durations.ts";
import { sortedRecord, type K8sObject } from "./render.ts";
import { istioClientTlsOut, istioServerTlsOut } from "./tls-export.ts";

/** Annotations carry what Istio has no field for, so a round trip through YAML keeps it. */
export const ANNOTATION_DESCRIPTION = "signalbox.dev/description";
export const ANNOTATION_HEALTH_CHECK = "signalbox.dev/health-check";

/** A subset needs labels to select anything; a version without labels selects `version: <name>`. */
const subsetLabels = (v: Version): Record<string, string> =>
  sortedRecord(Object.keys(v.labels).length > 0 ? v.labels : { version: v.name });

const cmpName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function loadBalancer(lb: LoadBalancer | undefined): object | undefined {
  if (!lb) return undefined;
  if (lb.type !== "CONSISTENT_HASH") return { simple: lb.type };
  const h = lb.hashOn;
  if (h.kind === "header") return { consistentHash: { httpHeaderName: h.name } };
  if (h.kind === "cookie") return { consistentHash: { httpCookie: { name: h.name, ttl: "0s" } } };
  return { consistentHash: { useSourceIp: true } };
}

/** The parts a service-level policy and a portLevelSettings entry share. */
function policyParts(tp: Omit<PortTrafficPolicy, "port">): object {
  const cp = tp.connectionPool;
  const od = tp.outlierDetection;
  return {
    loadBalancer: loadBalancer(tp.loadBalancer),
    connectionPool: cp && {
      tcp: cp.maxConnections !== undefined ? { maxConnections: cp.maxConnections } : undefined,
      http: { http1MaxPendingRequests: cp.maxPendingRequests, maxRequestsPerConnection: cp.maxRequestsPerConnection },
    },
    outlierDetection: od && {
      consecutive5xxErrors: od.consecutiveErrors,
      interval: formatDuration(od.intervalMs),
      baseEjectionTime: formatDuration(od.baseEjectionMs),
      maxEjectionPercent: od.maxEjectionPercent,
    },
    tls: istioClientTlsOut(tp.tls),
  };
}

function trafficPolicy(tp: TrafficPolicy | undefined): object | undefined {
  if (!tp) return undefined;
  const ports = tp.portLevelSettings && [...tp.portLevelSettings].sort((a, b) => a.port - b.port);
  return {
    ...policyParts(tp),
    portLevelSettings: ports?.map((p) => ({ port: { number: p.port }, ...policyParts(p) })),
  };
}

export function destinationRule(svc: Service, namespace: string): K8sObject {
  const hc = svc.trafficPolicy?.healthCheck;
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "DestinationRule",
    metadata: {
      name: svc.name,
      namespace,
      annotations: hc ? { [ANNOTATION_HEALTH_CHECK]: canonicalJson(hc) } : undefined,
    },
    spec: {
      host: svc.host,
      trafficPolicy: trafficPolicy(svc.trafficPolicy),
      subsets: [...svc.versions].sort(cmpName).map((v) => ({
        name: v.name,
        labels: subsetLabels(v),
        trafficPolicy: v.tls ? { tls: istioClientTlsOut(v.tls) } : undefined,
      })),
    },
  };
}

const IP_RE = /^[0-9a-fA-F:.]+$/;

/**
 * The service's registry entry: hosts, location, and its endpoints labelled like their version so
 * DestinationRule subsets select them. A service without ports: clients call port 80 (named `http`, or the one port
 * every endpoint shares); each endpoint maps `http` to its own port. With ports: those, each mapped to the number
 * the endpoint takes it on (its `ports` entry, else its port).
 */
export function serviceEntry(svc: Service, namespace: string): K8sObject {
  const endpoints = [...svc.versions].sort(cmpName).flatMap((v) =>
    [...v.endpoints]
      .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : a.port - b.port))
      .map((e) => ({
        address: e.address,
        ports:
          svc.ports.length > 0
            ? sortedRecord(Object.fromEntries(svc.ports.map((p) => [p.name, e.ports?.[p.name] ?? e.port])))
            : { http: e.port },
        labels: subsetLabels(v),
        weight: e.weight !== 1 ? e.weight : undefined,
      })),
  );
  const shared = new Set(endpoints.map((e) => e.ports.http));
  const port = shared.size === 1 ? [...shared][0]! : 80;
  const allIps = endpoints.every((e) => IP_RE.test(e.address));
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "ServiceEntry",
    metadata: {
      name: svc.name,
      namespace,
      annotations: svc.description ? { [ANNOTATION_DESCRIPTION]: svc.description } : undefined,
    },
    spec: {
      hosts: [svc.host],
      location: svc.external ? "MESH_EXTERNAL" : "MESH_INTERNAL",
      ports:
        svc.ports.length > 0
          ? svc.ports.map((p) => ({ number: p.number, name: p.name, protocol: p.protocol }))
          : [{ number: port, name: "http", protocol: "HTTP" }],
      resolution: endpoints.length > 0 && allIps ? "STATIC" : "DNS",
      endpoints,
    },
  };
}

/** TLS settings name secrets (tls-export.ts); no key material is in the model to export. */
export function istioGateway(gw: Gateway, namespace: string): K8sObject {
  const servers = [...gw.listeners]
    .sort((a, b) => a.port - b.port || (a.name < b.name ? -1 : 1))
    .map((l) => ({
      port: { number: l.port, name: l.name, protocol: l.protocol },
      hosts: [...l.hosts].sort(),
      tls: istioServerTlsOut(gw, l),
    }));
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "Gateway",
    metadata: { name: gw.name, namespace },
    spec: { selector: { istio: "ingressgateway" }, servers },
  };
}
