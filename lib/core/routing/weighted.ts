/** Running sums of weights: [20, 80] -> [20, 100]. Built once per rule at apply time. */
export function cumulativeWeights(weights: readonly number[]): number[] {
  const out = new Array<number>(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i]!;
    out[i] = sum;
  }
  return out;
}

/**
 * Index picked by `r` in [0, 1) over cumulative weights, or -1 when every weight is 0.
 * The random number is a parameter so tests (and golden route checks) are deterministic.
 * Zero-weight entries are never picked: their running sum does not grow past the previous one.
 */
export function pickWeighted(cumulative: readonly number[], r: number): number {
  const n = cumulative.length;
  if (n === 0) return -1;
  const total = cumulative[n - 1]!;
  if (total <= 0) return -1;
  const x = r * total;
  for (let i = 0; i < n; i++) {
    if (x < cumulative[i]!) return i;
  }
  // r was >= 1 (a caller bug or rounding): the last non-empty entry is the sane answer.
  for (let i = n - 1; i > 0; i--) if (cumulative[i]! > cumulative[i - 1]!) return i;
  return 0;
}
