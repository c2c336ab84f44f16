"use client";
import { Handle, Position, useStore, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { useTopologyActions } from "./actions-context.ts";
import { GATEWAY_HANDLE, listenerHandle } from "./bind-edges.ts";
import { SIZE } from "./layout.ts";
import type { GatewayNode } from "./types.ts";
import { zoomedOut } from "./zoom.ts";

/**
 * A gateway and its listeners, one row each. Routes attached through every listener hang off the header's handle;
 * those attached to one listener (a parentRef with sectionName) off that listener's. In a draft, dragging from a
 * listener's handle onto a route attaches the route to that listener.
 */
export const GatewayNodeView = memo(function GatewayNodeView({ data, selected }: NodeProps<GatewayNode>) {
  const g = data.gateway;
  const far = useStore(zoomedOut);
  const { readOnly } = useTopologyActions();
  return (
    <div
      className={`node node-gateway${selected ? " is-selected" : ""}${far ? " is-far" : ""}`}
      data-testid={`node-gateway-${g.name}`}
    >
      <div className="node-head" style={{ height: SIZE.gateway.header }}>
        {far ? null : (
          <>
            <div className="node-kind">Gateway</div>
            <div className="node-title">{g.name}</div>
          </>
        )}
        <Handle id={GATEWAY_HANDLE} type="source" position={Position.Right} isConnectable={false} />
      </div>
      <ol className="listener-rows">
        {g.listeners.map((l, i) => (
          <li
            key={i}
            className="listener-handle-row"
            style={{ height: SIZE.gateway.row }}
            title={far ? undefined : `${l.name}: ${l.protocol} :${l.port} ${l.hosts.join(", ")}`}
            data-testid={`node-listener-${g.name}-${l.name}`}
          >
            {far ? null : (
              <>
                <span className="listener-port">
                  :{l.port} {l.protocol}
                </span>
                <span className="listener-hosts">{l.hosts.join(", ")}</span>
              </>
            )}
            <Handle
              id={listenerHandle(i)}
              type="source"
              position={Position.Right}
              isConnectable={!readOnly}
              isConnectableEnd={false}
              title={readOnly ? undefined : `Drag onto a route to serve it on listener ${l.name}`}
              data-testid={`listener-handle-${g.name}-${l.name}`}
            />
          </li>
        ))}
      </ol>
    </div>
  );
});
