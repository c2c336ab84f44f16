import type { ReactFlowState } from "@xyflow/react";

/**
 * Below this zoom a node's text is unreadable anyway: nodes drop their labels and edges their controls, which is
 * what keeps panning a zoomed-out 2,000-node graph fluid. A boolean selector re-renders only when it flips.
 */
export const DETAIL_ZOOM = 0.45;
export const zoomedOut = (s: ReactFlowState) => s.transform[2] < DETAIL_ZOOM;

/**
 * Below this zoom a large grouped graph (more than OVERVIEW_MIN_NODES top-level nodes) is drawn as its group frames
 * only: at whole-mesh zoom a node is a few pixels wide, and thousands of them cost every frame of a pan or zoom
 * (software-rendered in headless Chromium) for nothing one can read. Zooming in brings the nodes back, culled to
 * the view.
 */
export const OVERVIEW_ZOOM = 0.2;
export const OVERVIEW_MIN_NODES = 300;
export const overviewZoom = (s: ReactFlowState) => s.transform[2] < OVERVIEW_ZOOM;
