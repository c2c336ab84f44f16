"use client";
import { Handle, Position, useStore, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { SIZE } from "./layout.ts";
import { healthOf, trafficLine, type Traffic } from "./traffic.ts";
import { useRoutesTraffic, useServiceTraffic, useTraffic } from "./traffic-store.tsx";
import { useTopologyView } from "./topology-view.tsx";
import { useTopologyActions } from "./actions-context.ts";
import { GatewayNodeView } from "./gateway-node.tsx";
import { RegistryBadge } from "./registry-badge.tsx";
import type { GroupCollapsedNode, GroupNode, RouteNode, ServiceNode, VersionNode } from "./types.ts";
import { zoomedOut } from "./zoom.ts";

/** A node's live figures, coloured by health; nothing without traffic in the window. */
function TrafficBadge({ traffic, testId }: { traffic: Traffic | undefined; testId: string }) {
  if (!traffic) return null;
  return (
    <div className={`node-traffic health-${healthOf(traffic)}`} data-testid={testId} title={trafficLine(traffic)}>
      {trafficLine(traffic)}
    </div>
  );
}

const healthClass = (t: Traffic | undefined) => (t ? ` health-${healthOf(t)}` : "");

export const RouteNodeView = memo(function RouteNodeView({ data, selected }: NodeProps<RouteNode>) {
  const r = data;
  const far = useStore(zoomedOut);
  const traffic = useTraffic("route", r.name);
  const { readOnly } = useTopologyActions();
  return (
    <div
      className={`node node-route${selected ? " is-selected" : ""}${far ? " is-far" : ""}${healthClass(traffic)}`}
      data-testid={`node-route-${r.name}`}
    >
      {/* A gateway listener's edge is dropped here (see gateway-node.tsx). */}
      <Handle
        type="target"
        position={Position.Left}
        isConnectable={!readOnly}
        isConnectableStart={false}
        data-testid={`route-handle-${r.name}`}
      />
      <div className="node-head" style={{ height: SIZE.route.header }}>
        {far ? null : (
          <>
            <div className="node-kind">
              Route <TrafficBadge traffic={traffic} testId={`traffic-route-${r.name}`} />
            </div>
            <div className="node-title">{r.name}</div>
            <div className="node-sub" title={r.hosts.join(", ")}>
              {r.hosts.join(", ")}
            </div>
          </>
        )}
      </div>
      <ol className="rule-rows" start={0}>
        {r.rules.map((rule, i) => (
          <li
            key={i}
            className={`rule-row${data.invalidRules.includes(i) ? " is-invalid" : ""}`}
            style={{ height: SIZE.route.row }}
            title={far ? undefined : rule}
          >
            {far ? null : (
              <>
                <span className="rule-index">{i}</span>
                <span className="rule-text">{rule}</span>
              </>
            )}
            <Handle type="source" id={`rule-${i}`} position={Position.Right} isConnectable={false} />
          </li>
        ))}
      </ol>
    </div>
  );
});

export const ServiceNodeView = memo(function ServiceNodeView({ data, selected }: NodeProps<ServiceNode>) {
  const s = data.service;
  const far = useStore(zoomedOut);
  const traffic = useServiceTraffic(
    s.name,
    s.versions.map((v) => v.name),
  );
  return (
    <div
      className={`node node-service${selected ? " is-selected" : ""}${far ? " is-far" : ""}${healthClass(traffic)}`}
      data-testid={`node-service-${s.name}`}
    >
      {far ? null : (
        <>
          <div className="node-head" style={{ height: SIZE.service.header }}>
            <div className="node-title">
              {s.name} {s.external ? <span className="badge tone-neutral">external</span> : null}
            </div>
            <div className="node-sub">{s.host}</div>
          </div>
          {s.versions.length === 0 ? <div className="node-sub muted">no versions</div> : null}
        </>
      )}
      {/* Where service-to-service edges (its sidecars' calls, mesh-edge.tsx) leave the service. */}
      <Handle type="source" id="mesh-out" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});

export const VersionNodeView = memo(function VersionNodeView({ data, selected }: NodeProps<VersionNode>) {
  const v = data.version;
  const far = useStore(zoomedOut);
  const traffic = useTraffic("version", `${data.service}/${v.name}`);
  const labels = Object.entries(v.labels)
    .map(([k, val]) => `${k}=${val}`)
    .join(" ");
  const noEndpoints = v.endpoints.length === 0;
  return (
    <div
      className={`node node-version${selected ? " is-selected" : ""}${noEndpoints ? " is-warning" : ""}${far ? " is-far" : ""}${healthClass(traffic)}`}
      data-testid={`node-version-${data.service}-${v.name}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      {far ? null : (
        <>
          <div className="node-title">
            {v.name}
            <span className="node-badges" data-testid={`badges-${data.service}-${v.name}`}>
              <RegistryBadge service={data.service} version={v.name} />
            </span>
            <span className="node-count" title="endpoints">
              {v.endpoints.length} ep
            </span>
          </div>
          {traffic ? (
            <TrafficBadge traffic={traffic} testId={`traffic-version-${data.service}-${v.name}`} />
          ) : (
            <div className="node-sub" title={labels}>
              {noEndpoints ? "no endpoints" : labels || "no labels"}
            </div>
          )}
        </>
      )}
    </div>
  );
});

const counts = (d: GroupNode["data"]) =>
  [
    d.gateways ? `${d.gateways} gateway${d.gateways > 1 ? "s" : ""}` : "",
    d.routes ? `${d.routes} route${d.routes > 1 ? "s" : ""}` : "",
    d.services ? `${d.services} service${d.services > 1 ? "s" : ""}` : "",
  ]
    .filter(Boolean)
    .join(" · ");

const groupSlug = (id: string) => id.replace(/^group:/, "").replace(/[^a-zA-Z0-9.-]+/g, "-");

/** A group's frame: its name, what it holds, and the button folding it into one node. */
export const GroupNodeView = memo(function GroupNodeView({ data }: NodeProps<GroupNode>) {
  const { toggleGroup } = useTopologyView();
  const far = useStore(zoomedOut);
  const slug = groupSlug(data.groupId);
  return (
    <div className="group-frame" data-testid={`group-${slug}`}>
      <div className="group-head">
        <button
          type="button"
          className="group-toggle nodrag"
          onClick={() => toggleGroup(data.groupId)}
          aria-label={`Collapse ${data.label}`}
          data-testid={`group-toggle-${slug}`}
        >
          −
        </button>
        <span className="group-label">{data.label}</span>
        {far ? null : <span className="muted">{counts(data)}</span>}
      </div>
    </div>
  );
});

/** A collapsed group: one node with its counts and the combined traffic of its routes. */
export const GroupCollapsedNodeView = memo(function GroupCollapsedNodeView({
  data,
  selected,
}: NodeProps<GroupCollapsedNode>) {
  const { toggleGroup } = useTopologyView();
  const slug = groupSlug(data.groupId);
  const traffic = useRoutesTraffic(data.members.filter((m) => m.startsWith("route:")).map((m) => m.slice(6)));
  return (
    <div
      className={`node node-group-collapsed${selected ? " is-selected" : ""}${healthClass(traffic)}`}
      data-testid={`group-${slug}`}
      data-collapsed="true"
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="group-head">
        <button
          type="button"
          className="group-toggle nodrag"
          onClick={() => toggleGroup(data.groupId)}
          aria-label={`Expand ${data.label}`}
          data-testid={`group-toggle-${slug}`}
        >
          +
        </button>
        <span className="group-label">{data.label}</span>
      </div>
      <div className="node-sub">{counts(data)}</div>
      <TrafficBadge traffic={traffic} testId={`traffic-group-${slug}`} />
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

export const nodeTypes = {
  gateway: GatewayNodeView,
  route: RouteNodeView,
  service: ServiceNodeView,
  version: VersionNodeView,
  meshGroup: GroupNodeView,
  groupCollapsed: GroupCollapsedNodeView,
};
