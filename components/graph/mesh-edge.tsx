"use client";
import { BaseEdge, EdgeLabelRenderer, getBezierPath, useStore, type Edge, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import { LockIcon, MTLS_LABEL } from "@/components/ui/mtls-state.tsx";
import { identityLines, type MeshTrafficEdgeData } from "./mesh-edges.ts";
import { healthOf, trafficLine } from "./traffic.ts";
import { zoomedOut } from "./zoom.ts";

export type MeshTrafficEdge = Edge<MeshTrafficEdgeData, "mesh">;

export const meshEdgeTestId = (source: string, service: string, version: string) =>
  `mesh-edge-${source}-${service}-${version}`;

/**
 * Service → version edge a destination sidecar reported: dashed, coloured by the mTLS state, labelled with the
 * caller's SPIFFE ID, the state and the edge's traffic. Not part of the layout (it is traffic, not config).
 */
export const MeshEdgeView = memo(function MeshEdgeView(props: EdgeProps<MeshTrafficEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data } = props;
  const far = useStore(zoomedOut);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  if (!data) return <BaseEdge id={id} path={path} />;
  const health = healthOf(data.traffic);
  // Beside the destination version when placed (mesh-edges.ts placeMeshLabels), else at the edge's middle.
  const at = data.label;
  const transform = at
    ? `translate(0, -50%) translate(${at.x}px, ${at.y}px)`
    : `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`;
  return (
    <>
      <BaseEdge id={id} path={path} className={`mesh-edge mtls-${data.mtls} health-${health}`} />
      {far || !at ? null : (
        <path
          className={`mesh-edge-leader mtls-${data.mtls}`}
          d={`M ${at.fromX} ${at.fromY} L ${at.x} ${at.y}`}
          fill="none"
        />
      )}
      {far ? null : (
        <EdgeLabelRenderer>
          <div
            className={`mesh-edge-label mtls-${data.mtls}`}
            style={{ transform }}
            data-testid={meshEdgeTestId(data.source, data.service, data.version)}
            data-mtls={data.mtls}
            title={`${data.identity} → ${data.service}/${data.version}`}
          >
            <span className="mesh-edge-state">
              <LockIcon state={data.mtls} /> {MTLS_LABEL[data.mtls]}
            </span>
            <span className="mesh-edge-identity">
              {identityLines(data.identity).map((line, i) => (
                <span key={i}>{line}</span>
              ))}
            </span>
            <span className="mesh-edge-traffic">{trafficLine(data.traffic)}</span>
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
