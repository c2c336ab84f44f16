"use client";
import { BaseEdge, EdgeLabelRenderer, getBezierPath, useStore, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import { bezierPoint } from "./bezier.ts";
import { useTopologyActions } from "./actions-context.ts";
import { healthOf, trafficLine } from "./traffic.ts";
import { edgeTrafficKey, useTraffic } from "./traffic-store.tsx";
import { useTopologyView } from "./topology-view.tsx";
import type { WeightEdge as WeightEdgeType } from "./types.ts";
import { zoomedOut } from "./zoom.ts";

export const weightTestId = (route: string, ruleIndex: number, service: string, version: string) =>
  `weight-${route}-${ruleIndex}-${service}-${version}`;

/**
 * Route rule → version edge whose label is a slider editing the destination weight in the draft, with the
 * pair's live traffic (requests/s, error rate, p99) beside it; the edge is coloured by that traffic's health.
 * Zoomed out, only the coloured path is drawn.
 */
export const WeightEdge = memo(function WeightEdge(props: EdgeProps<WeightEdgeType>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected } = props;
  const actions = useTopologyActions();
  const { setSelectedEdge } = useTopologyView();
  const far = useStore(zoomedOut);
  const traffic = useTraffic("edge", data?.showsTraffic ? edgeTrafficKey(data.route, data.service, data.version) : "");
  const [path] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  if (!data) return <BaseEdge id={id} path={path} />;
  const { x, y } = bezierPoint(sourceX, sourceY, targetX, targetY, data.labelT);
  const testId = weightTestId(data.route, data.ruleIndex, data.service, data.version);
  const width = 1 + (data.weight / 100) * 5;
  const health = traffic ? ` health-${healthOf(traffic)}` : "";
  const cls = ["weight-edge", data.weight === 0 ? "is-zero" : "", data.invalid ? "is-invalid" : ""].join(" ") + health;
  const openChart = () => setSelectedEdge({ route: data.route, service: data.service, version: data.version });
  return (
    <>
      <BaseEdge id={id} path={path} className={cls} style={{ strokeWidth: selected ? width + 1 : width }} />
      {far ? null : (
        <EdgeLabelRenderer>
          <div
            className={`weight-control nodrag nopan${data.invalid ? " is-invalid" : ""}`}
            style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}
            data-testid={testId}
            data-weight={data.weight}
          >
            <label className="weight-name" htmlFor={`${testId}-input`}>
              {data.version}
              <span className="sr-only">
                {" "}
                weight for route {data.route} rule {data.ruleIndex} to {data.service}
              </span>
            </label>
            <input
              id={`${testId}-input`}
              type="range"
              min={0}
              max={100}
              step={1}
              value={data.weight}
              disabled={actions.readOnly || data.siblings < 2}
              title={data.siblings < 2 ? "The only destination of this rule always gets 100%" : undefined}
              aria-valuetext={`${data.weight}%`}
              data-testid={`${testId}-slider`}
              onChange={(e) =>
                actions.setWeight(
                  { route: data.route, rule: data.ruleIndex, destination: data.destIndex },
                  Number(e.currentTarget.value),
                )
              }
            />
            <output htmlFor={`${testId}-input`} className="weight-value" data-testid={`${testId}-value`}>
              {data.weight}
            </output>
            <span aria-hidden="true">%</span>
            {traffic ? (
              <button
                type="button"
                className={`edge-traffic${health}`}
                onClick={openChart}
                title="Open this edge's traffic chart"
                data-testid={`${testId}-traffic`}
                data-rps={traffic.rps}
              >
                {trafficLine(traffic)}
              </button>
            ) : null}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
