import type { Edge, Node } from "@xyflow/react";
import type { Gateway, Service, Version } from "@/lib/core/index.ts";

export type GatewayNodeData = { gateway: Gateway };
/** Only what the node shows (no weights), so a weight drag leaves the node object unchanged. */
export type RouteNodeData = { name: string; hosts: string[]; rules: string[]; index: number; invalidRules: number[] };
export type ServiceNodeData = { service: Service; index: number };
export type VersionNodeData = { service: string; version: Version; inboundRules: number };

export type GatewayNode = Node<GatewayNodeData, "gateway">;
export type RouteNode = Node<RouteNodeData, "route">;
export type ServiceNode = Node<ServiceNodeData, "service">;
export type VersionNode = Node<VersionNodeData, "version">;
export type MeshNode = GatewayNode | RouteNode | ServiceNode | VersionNode;

export type WeightEdgeData = {
  route: string;
  routeIndex: number;
  ruleIndex: number;
  destIndex: number;
  service: string;
  version: string;
  weight: number;
  invalid: boolean;
  /** Where along the edge the label sits (0..1), spread so labels into one version do not overlap. */
  labelT: number;
  /** Destinations in the rule: a lone destination always carries 100%. */
  siblings: number;
};
export type WeightEdge = Edge<WeightEdgeData, "weight">;
export type MeshEdge = WeightEdge | Edge;

export const nodeId = {
  gateway: (name: string) => `gw:${name}`,
  route: (name: string) => `route:${name}`,
  service: (name: string) => `svc:${name}`,
  version: (service: string, version: string) => `ver:${service}/${version}`,
};
