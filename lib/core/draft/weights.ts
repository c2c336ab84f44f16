/**
 * Sets weights[index] to `value` (clamped to 0..100, integer) and spreads the rest of 100 over the
 * other entries in proportion to their current weights (evenly when they are all 0), using the
 * largest-remainder method so every weight is an integer and the sum is exactly 100.
 */
export function rebalance(weights: readonly number[], index: number, value: number): number[] {
  // A slot that does not exist or a value that is not a number leaves the weights as they are.
  if (!Number.isInteger(index) || index < 0 || index >= weights.length || Number.isNaN(value)) return [...weights];
  const v = Math.max(0, Math.min(100, Math.round(value)));
  if (weights.length <= 1) return weights.map(() => 100);
  const others = weights.map((w, i) => (i === index ? 0 : Math.max(0, w)));
  const otherTotal = others.reduce((a, b) => a + b, 0);
  const rest = 100 - v;
  const shares = others.map((w, i) => {
    if (i === index) return 0;
    return otherTotal > 0 ? (w / otherTotal) * rest : rest / (weights.length - 1);
  });
  const result = shares.map(Math.floor);
  result[index] = v;
  let missing = 100 - result.reduce((a, b) => a + b, 0);
  const order = shares
    .map((s, i) => ({ i, frac: s - Math.floor(s) }))
    .filter(({ i }) => i !== index)
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; missing > 0 && order.length > 0; k = (k + 1) % order.length, missing--) {
    const slot = order[k]!.i;
    result[slot] = (result[slot] ?? 0) + 1;
  }
  return result;
}

export const sumWeights = (weights: readonly number[]): number => weights.reduce((a, b) => a + b, 0);
