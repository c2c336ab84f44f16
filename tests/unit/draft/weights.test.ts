import { describe, expect, it } from "vitest";
import { rebalance, sumWeights } from "@/lib/core/draft/weights.ts";
import { seededRandom } from "../../helpers/random.ts";

const clamp = (v: number) => Math.max(0, Math.min(100, Math.round(v)));

/** Weight vectors of length n: edge shapes (all 0, one-hot, equal, skewed) plus seeded random ones. */
function vectors(n: number): number[][] {
  const rand = seededRandom(1000 + n);
  const out: number[][] = [
    Array.from({ length: n }, () => 0),
    Array.from({ length: n }, (_, i) => (i === 0 ? 100 : 0)),
    Array.from({ length: n }, (_, i) => (i === n - 1 ? 100 : 0)),
    Array.from({ length: n }, () => 1),
    Array.from({ length: n }, (_, i) => i + 1),
    Array.from({ length: n }, (_, i) => (i === 0 ? 97 : i === 1 ? 3 : 0)),
  ];
  for (let k = 0; k < 6; k++) out.push(Array.from({ length: n }, () => Math.floor(rand() * 101)));
  return out;
}

/** Everything rebalance promises, as a list of broken promises (empty when all hold). */
function violations(weights: number[], index: number, value: number): string[] {
  const got = rebalance(weights, index, value);
  const where = `rebalance([${weights}], ${index}, ${value}) = [${got}]`;
  const bad: string[] = [];
  if (got.length !== weights.length) bad.push(`${where}: length ${got.length}`);
  if (!got.every((w) => Number.isInteger(w) && w >= 0 && w <= 100)) bad.push(`${where}: not all integers in 0..100`);
  if (sumWeights(got) !== 100) bad.push(`${where}: sums to ${sumWeights(got)}`);
  if (got[index] !== clamp(value)) bad.push(`${where}: [${index}] is ${got[index]}, want ${clamp(value)}`);
  const rest = 100 - clamp(value);
  const otherTotal = weights.reduce((a, w, i) => (i === index ? a : a + Math.max(0, w)), 0);
  // Exact shares as integer quotient and remainder (all inputs here are integers), so no float noise.
  const others = weights.map((_, i) => i).filter((i) => i !== index);
  const [num, den] =
    otherTotal > 0 ? [(i: number) => Math.max(0, weights[i]!) * rest, otherTotal] : [() => rest, weights.length - 1];
  const roundedUp = new Map<number, boolean>();
  for (const i of others) {
    const floor = Math.floor(num(i) / den);
    // Largest remainder: each other entry is its exact share rounded down or up, never further off.
    if (got[i] !== floor && got[i] !== floor + 1)
      bad.push(`${where}: [${i}] is ${got[i]}, exact share ${num(i) / den}`);
    roundedUp.set(i, got[i] === floor + 1);
  }
  // …and the entries rounded up are those with the largest remainders (exact ties may go either way).
  for (const i of others)
    for (const j of others) {
      if (roundedUp.get(i) && !roundedUp.get(j) && num(i) % den < num(j) % den)
        bad.push(`${where}: [${i}] rounded up before [${j}]`);
    }
  return bad;
}

describe("rebalance", () => {
  for (let n = 2; n <= 5; n++) {
    it(`${n} weights: every vector × index × value 0..100 sums to exactly 100 in integers, keeping proportions`, () => {
      const bad: string[] = [];
      let cases = 0;
      for (const weights of vectors(n))
        for (let index = 0; index < n; index++)
          for (let value = 0; value <= 100; value++) {
            cases++;
            bad.push(...violations(weights, index, value));
          }
      expect(cases).toBe(12 * n * 101);
      expect(bad.slice(0, 10)).toEqual([]);
    });
  }

  it("out-of-range and fractional values are clamped and rounded before rebalancing", () => {
    const bad: string[] = [];
    for (const value of [-1000, -1, -0.4, 0.4, 0.5, 12.5, 33.49, 66.6, 99.5, 100.2, 101, 250, 1e9])
      for (const weights of [
        [80, 20],
        [50, 30, 20],
        [0, 0, 0, 0],
        [10, 20, 30, 40, 0],
      ])
        for (let index = 0; index < weights.length; index++) bad.push(...violations(weights, index, value));
    expect(bad.slice(0, 10)).toEqual([]);

    expect(rebalance([50, 30, 20], 0, 150)).toEqual([100, 0, 0]);
    expect(rebalance([50, 30, 20], 0, -20)).toEqual([0, 60, 40]);
    expect(rebalance([80, 20], 1, 33.4)).toEqual([67, 33]);
    expect(rebalance([80, 20], 1, 33.5)).toEqual([66, 34]);
  });

  it("keeps the proportions of the other entries", () => {
    expect(rebalance([50, 30, 20], 0, 20)).toEqual([20, 48, 32]);
    expect(rebalance([25, 25, 50], 2, 0)).toEqual([50, 50, 0]);
    expect(rebalance([10, 60, 30], 1, 20)).toEqual([20, 20, 60]);
    // An entry at 0 stays at 0 while another one still carries traffic.
    expect(rebalance([40, 0, 60], 0, 70)).toEqual([70, 0, 30]);
  });

  it("hands the leftover points to the largest remainders, lowest index first between equal shares", () => {
    // Shares 40.5, 40.5, 9: one point missing, the tie goes to index 1.
    expect(rebalance([10, 45, 45, 10], 0, 10)).toEqual([10, 41, 40, 9]);
    // Shares 66.67 and 33.33: the larger remainder (index 1) is rounded up.
    expect(rebalance([0, 2, 1], 0, 0)).toEqual([0, 67, 33]);
    expect(rebalance([0, 1, 2], 0, 0)).toEqual([0, 33, 67]);
    // Three equal shares of 100: 33.33 each, the first gets the extra point.
    expect(rebalance([5, 1, 1, 1], 0, 0)).toEqual([0, 34, 33, 33]);
  });

  it("spreads the rest evenly when all the other entries are 0", () => {
    expect(rebalance([100, 0, 0], 0, 40)).toEqual([40, 30, 30]);
    expect(rebalance([100, 0, 0, 0], 0, 0)).toEqual([0, 34, 33, 33]);
    expect(rebalance([0, 100], 1, 100)).toEqual([0, 100]);
    expect(rebalance([0, 100], 1, 1)).toEqual([99, 1]);
  });

  it("treats negative other weights as 0", () => {
    expect(rebalance([50, -10, 60], 0, 40)).toEqual([40, 0, 60]);
  });

  it("setting a weight of a valid split to its current value changes nothing", () => {
    const rand = seededRandom(7);
    const bad: string[] = [];
    for (let k = 0; k < 300; k++) {
      const n = 2 + (k % 4);
      const cuts = Array.from({ length: n - 1 }, () => Math.floor(rand() * 101)).sort((a, b) => a - b);
      const weights = [...cuts, 100].map((c, i) => c - (i === 0 ? 0 : cuts[i - 1]!));
      for (let index = 0; index < n; index++) {
        const got = rebalance(weights, index, weights[index]!);
        if (got.join() !== weights.join()) bad.push(`[${weights}] @${index} → [${got}]`);
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it("a single entry is always 100, no entries stay none", () => {
    expect(rebalance([30], 0, 30)).toEqual([100]);
    expect(rebalance([100], 0, 0)).toEqual([100]);
    expect(rebalance([0], 0, 250)).toEqual([100]);
    expect(rebalance([], 0, 50)).toEqual([]);
  });

  it("leaves the weights as they are for an index out of range or a value that is not a number", () => {
    expect(rebalance([50, 50], 5, 30)).toEqual([50, 50]);
    expect(rebalance([50, 50], -1, 30)).toEqual([50, 50]);
    expect(rebalance([50, 50], 0.5, 30)).toEqual([50, 50]);
    expect(rebalance([50, 50], 0, Number.NaN)).toEqual([50, 50]);
  });

  it("does not modify its input", () => {
    const weights = Object.freeze([80, 20]);
    expect(rebalance(weights, 0, 10)).toEqual([10, 90]);
    expect(weights).toEqual([80, 20]);
  });
});

describe("sumWeights", () => {
  it("adds the weights", () => {
    expect(sumWeights([])).toBe(0);
    expect(sumWeights([80, 20])).toBe(100);
    expect(sumWeights([80, 30, 5])).toBe(115);
  });
});
