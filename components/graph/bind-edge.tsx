"use client";
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, useStore, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import { useTopologyActions } from "./actions-context.ts";
import type { BindEdge as BindEdgeType } from "./types.ts";
import { zoomedOut } from "./zoom.ts";

export const bindTestId = (gateway: string, listener: string | undefined, route: string) =>
  `bind-${gateway}-${listener ?? "all"}-${route}`;

/**
 * Gateway (or one of its listeners) → route: the route is served there. Its label names a problem with the
 * attachment (a hostname the listener does not serve, a listener that does not exist) and, in a draft, holds the
 * button that detaches the route. Edges of a route bound to no gateway have no label: there is nothing to detach.
 */
export const BindEdge = memo(function BindEdge(props: EdgeProps<BindEdgeType>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data } = props;
  const actions = useTopologyActions();
  const far = useStore(zoomedOut);
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX,
    sourceY,
    sourcePosition,
    targetX,
    targetY,
    targetPosition,
  });
  const invalid = data?.problem !== undefined;
  const canDetach = !actions.readOnly && data?.detachable === true;
  const testId = data ? bindTestId(data.gateway, data.listener, data.route) : id;
  return (
    <>
      <BaseEdge id={id} path={path} className={invalid ? "bind-edge is-invalid" : "bind-edge"} />
      {far || !data || (!canDetach && !invalid) ? null : (
        <EdgeLabelRenderer>
          <div
            className={`bind-label nodrag nopan${invalid ? " is-invalid" : ""}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={testId}
            title={data.problem}
          >
            {invalid ? (
              <span className="bind-problem" data-testid={`${testId}-problem`}>
                ⚠ {data.problem}
              </span>
            ) : null}
            {canDetach ? (
              <button
                type="button"
                className="bind-detach"
                aria-label={`Detach route ${data.route} from ${data.listener ? `listener ${data.listener} of ` : ""}gateway ${data.gateway}`}
                onClick={() => actions.detach({ route: data.route, gateway: data.gateway, ref: data.ref })}
                data-testid={`${testId}-detach`}
              >
                ×
              </button>
            ) : null}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
