import type { ReactFlowState } from "@xyflow/react";

/**
 * Below this zoom a node's text is unreadable anyway: nodes drop their labels and edges their controls, which is
 * what keeps panning a zoomed-out 2,000-node graph fluid. A boolean selector re-renders only when it flips.
 */
export const DETAIL_ZOOM = 0.45;
export const zoomedOut = (s: ReactFlowState) => s.transform[2] < DETAIL_ZOOM;
