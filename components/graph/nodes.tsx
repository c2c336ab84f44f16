"use client";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { SIZE } from "./layout.ts";
import type { GatewayNode, RouteNode, ServiceNode, VersionNode } from "./types.ts";

export function GatewayNodeView({ data, selected }: NodeProps<GatewayNode>) {
  const g = data.gateway;
  return (
    <div className={`node node-gateway${selected ? " is-selected" : ""}`} data-testid={`node-gateway-${g.name}`}>
      <div className="node-kind">Gateway</div>
      <div className="node-title">{g.name}</div>
      <div className="node-sub">{g.listeners.map((l) => `:${l.port} ${l.protocol}`).join(", ")}</div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

export function RouteNodeView({ data, selected }: NodeProps<RouteNode>) {
  const r = data;
  return (
    <div className={`node node-route${selected ? " is-selected" : ""}`} data-testid={`node-route-${r.name}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="node-head" style={{ height: SIZE.route.header }}>
        <div className="node-kind">Route</div>
        <div className="node-title">{r.name}</div>
        <div className="node-sub" title={r.hosts.join(", ")}>
          {r.hosts.join(", ")}
        </div>
      </div>
      <ol className="rule-rows" start={0}>
        {r.rules.map((rule, i) => (
          <li
            key={i}
            className={`rule-row${data.invalidRules.includes(i) ? " is-invalid" : ""}`}
            style={{ height: SIZE.route.row }}
            title={rule}
          >
            <span className="rule-index">{i}</span>
            <span className="rule-text">{rule}</span>
            <Handle type="source" id={`rule-${i}`} position={Position.Right} isConnectable={false} />
          </li>
        ))}
      </ol>
    </div>
  );
}

export function ServiceNodeView({ data, selected }: NodeProps<ServiceNode>) {
  const s = data.service;
  return (
    <div className={`node node-service${selected ? " is-selected" : ""}`} data-testid={`node-service-${s.name}`}>
      <div className="node-head" style={{ height: SIZE.service.header }}>
        <div className="node-title">
          {s.name} {s.external ? <span className="badge tone-neutral">external</span> : null}
        </div>
        <div className="node-sub">{s.host}</div>
      </div>
      {s.versions.length === 0 ? <div className="node-sub muted">no versions</div> : null}
    </div>
  );
}

export function VersionNodeView({ data, selected }: NodeProps<VersionNode>) {
  const v = data.version;
  const labels = Object.entries(v.labels)
    .map(([k, val]) => `${k}=${val}`)
    .join(" ");
  const noEndpoints = v.endpoints.length === 0;
  return (
    <div
      className={`node node-version${selected ? " is-selected" : ""}${noEndpoints ? " is-warning" : ""}`}
      data-testid={`node-version-${data.service}-${v.name}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="node-title">
        {v.name}
        <span className="node-count" title="endpoints">
          {v.endpoints.length} ep
        </span>
      </div>
      <div className="node-sub" title={labels}>
        {noEndpoints ? "no endpoints" : labels || "no labels"}
      </div>
    </div>
  );
}

export const nodeTypes = {
  gateway: GatewayNodeView,
  route: RouteNodeView,
  service: ServiceNodeView,
  version: VersionNodeView,
};
