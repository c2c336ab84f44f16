"use client";
import { BaseEdge, EdgeLabelRenderer, getBezierPath, useStore, type Edge, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import type { MtlsState } from "@/lib/core/sidecar/index.ts";
import type { MeshTrafficEdgeData } from "./mesh-edges.ts";
import { healthOf, trafficLine } from "./traffic.ts";
import { zoomedOut } from "./zoom.ts";

export type MeshTrafficEdge = Edge<MeshTrafficEdgeData, "mesh">;

export const meshEdgeTestId = (source: string, service: string, version: string) =>
  `mesh-edge-${source}-${service}-${version}`;

/** What each state says on the edge: Kiali's lock for mTLS, a word for what is not locked. */
export const MTLS_LABEL: Record<MtlsState, string> = {
  locked: "mTLS",
  permissive: "mTLS (permissive)",
  plain: "plaintext",
};

/** A padlock, closed for locked, open otherwise (drawn: emoji fonts are not everywhere). */
export function LockIcon({ state }: { state: MtlsState }) {
  return (
    <svg className={`lock-icon is-${state}`} width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
      <rect x="2" y="5.5" width="8" height="6" rx="1" fill="currentColor" />
      <path
        d={state === "locked" ? "M4 5.5V4a2 2 0 0 1 4 0v1.5" : "M4 5.5V4a2 2 0 0 1 4 0"}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.3"
        transform={state === "locked" ? undefined : "translate(2 -1)"}
      />
    </svg>
  );
}

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
  return (
    <>
      <BaseEdge id={id} path={path} className={`mesh-edge mtls-${data.mtls} health-${health}`} />
      {far ? null : (
        <EdgeLabelRenderer>
          <div
            className={`mesh-edge-label mtls-${data.mtls}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={meshEdgeTestId(data.source, data.service, data.version)}
            data-mtls={data.mtls}
            title={`${data.identity} → ${data.service}/${data.version}`}
          >
            <span className="mesh-edge-state">
              <LockIcon state={data.mtls} /> {MTLS_LABEL[data.mtls]}
            </span>
            <span className="mesh-edge-identity">{data.identity}</span>
            <span className="mesh-edge-traffic">{trafficLine(data.traffic)}</span>
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
