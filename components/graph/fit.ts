/** Padding of a fit: a fraction of the canvas on three sides; px at the bottom, clear of the minimap (110 px high). */
export const FIT = { padding: { top: 0.08, left: 0.08, right: 0.08, bottom: "130px" } } as const;

/** The px React Flow makes of a fraction `p` of a canvas side `size` (@xyflow/system parsePadding). */
const sidePx = (size: number, p: number) => Math.floor((size - size / (1 + p)) * 0.5);

type Size = { width: number; height: number };

/**
 * A fit that leaves room right of the graph for a lane `lane` flow units wide (the mesh edges' labels, placed
 * beside the service column): padding in px does not scale with the zoom and the lane does, so the right padding
 * is the lane at the zoom the fit ends at, found from the graph's and the canvas's size as React Flow finds it.
 */
export function fitWithLane(graph: Size, canvas: Size, lane: number, maxZoom: number) {
  const left = sidePx(canvas.width, FIT.padding.left);
  const right = sidePx(canvas.width, FIT.padding.right);
  const top = sidePx(canvas.height, FIT.padding.top);
  const bottom = parseFloat(FIT.padding.bottom);
  const zoom = Math.min(
    maxZoom,
    (canvas.width - left - right) / Math.max(1, graph.width + lane),
    (canvas.height - top - bottom) / Math.max(1, graph.height),
  );
  return { padding: { ...FIT.padding, right: `${Math.ceil(right + lane * zoom)}px` as const } };
}
