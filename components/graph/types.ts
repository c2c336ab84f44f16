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
/** A group frame (namespace or gateway), or the one node a collapsed group is drawn as. */
export type GroupNodeData = {
  groupId: string;
  label: string;
  gateways: number;
  routes: number;
  services: number;
  /** Ids of the gateways, routes and services inside (for the traffic totals of a collapsed group). */
  members: string[];
};
export type GroupNode = Node<GroupNodeData, "meshGroup">;
export type GroupCollapsedNode = Node<GroupNodeData, "groupCollapsed">;
export type MeshNode = GatewayNode | RouteNode | ServiceNode | VersionNode | GroupNode | GroupCollapsedNode;

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
  /**
   * Traffic is measured per route → version pair, not per rule: only the pair's first edge shows the pair's
   * figures, so two rules sending to one version do not both claim the same requests.
   */
  showsTraffic: boolean;
};
export type WeightEdge = Edge<WeightEdgeData, "weight">;
/** A route served by a gateway: through one listener (`ref`, `listener`) or all of them. */
export type BindEdgeData = {
  route: string;
  gateway: string;
  /** The route's listenerRef this edge draws (its position in listenerRefs). */
  ref?: number;
  listener?: string;
  /** A route bound to no gateway is served by every one: its edges have nothing to detach. */
  detachable: boolean;
  /** The validation issue about this attachment, if any. */
  problem?: string;
};
export type BindEdge = Edge<BindEdgeData, "bind">;
export type MeshEdge = WeightEdge | BindEdge | Edge;

export const nodeId = {
  gateway: (name: string) => `gw:${name}`,
  route: (name: string) => `route:${name}`,
  service: (name: string) => `svc:${name}`,
  version: (service: string, version: string) => `ver:${service}/${version}`,
};
