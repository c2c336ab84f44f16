/** Point at `t` on React Flow's default bezier between a Right source and a Left target handle. */
export function bezierPoint(sx: number, sy: number, tx: number, ty: number, t: number): { x: number; y: number } {
  const dx = tx - sx;
  const offset = dx >= 0 ? 0.5 * dx : 0.25 * 25 * Math.sqrt(-dx);
  const c1x = sx + offset;
  const c2x = tx - offset;
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return { x: a * sx + b * c1x + c * c2x + d * tx, y: a * sy + b * sy + c * ty + d * ty };
}
