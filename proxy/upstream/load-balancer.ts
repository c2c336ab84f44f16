import type { LoadBalancer } from "../../lib/core/index.ts";
import type { EndpointState } from "./endpoint.ts";

/** What a balancer may look at besides the endpoints: the hash key for CONSISTENT_HASH, a random number. */
export interface PickContext {
  hashKey: string | undefined;
  random: number;
  now: number;
}

export interface Balancer {
  pick(endpoints: readonly EndpointState[], ctx: PickContext): EndpointState | null;
}

/**
 * Endpoints that may take traffic (healthy, not ejected); when none may, all of them: Envoy's panic mode,
 * because trying a possibly-bad endpoint beats a certain 503.
 */
function eligible(eps: readonly EndpointState[], now: number): readonly EndpointState[] {
  let out = 0;
  for (const e of eps) if (!e.isAvailable(now)) out++;
  if (out === 0 || out === eps.length) return eps;
  return eps.filter((e) => e.isAvailable(now));
}

const roundRobin: Balancer = {
  pick(all, ctx) {
    const eps = eligible(all, ctx.now);
    let best: EndpointState | null = null;
    let total = 0;
    for (const e of eps) {
      e.currentWeight += e.weight;
      total += e.weight;
      if (best === null || e.currentWeight > best.currentWeight) best = e;
    }
    if (best) best.currentWeight -= total;
    return best;
  },
};

const random: Balancer = {
  pick(all, ctx) {
    const eps = eligible(all, ctx.now);
    let total = 0;
    for (const e of eps) total += e.weight;
    let x = ctx.random * total;
    for (const e of eps) {
      x -= e.weight;
      if (x < 0) return e;
    }
    return eps[eps.length - 1] ?? null;
  },
};

/**
 * Fewest in-flight requests per unit of weight. Ties are broken by the request's random number: at low
 * concurrency every endpoint ties at zero, and always taking the first would send it all the traffic.
 */
const leastRequest: Balancer = {
  pick(all, ctx) {
    const eps = eligible(all, ctx.now);
    let bestScore = Infinity;
    let ties = 0;
    for (const e of eps) {
      const score = (e.active + 1) / e.weight;
      if (score < bestScore) {
        bestScore = score;
        ties = 1;
      } else if (score === bestScore) ties++;
    }
    let nth = Math.min(ties - 1, Math.floor(ctx.random * ties));
    for (const e of eps) if ((e.active + 1) / e.weight === bestScore && nth-- === 0) return e;
    return null;
  },
};

/** FNV-1a plus murmur3's finaliser: plain FNV spreads short, similar keys ("u1", "u2") badly over the ring. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const VNODES_PER_WEIGHT = 40;

/** Hash ring built once per cluster at apply time; a key walks clockwise to the first available endpoint. */
function consistentHash(endpoints: readonly EndpointState[]): Balancer {
  const ring: { h: number; e: EndpointState }[] = [];
  for (const e of endpoints) {
    for (let v = 0; v < VNODES_PER_WEIGHT * e.weight; v++) ring.push({ h: hash32(`${e.key}#${v}`), e });
  }
  ring.sort((a, b) => a.h - b.h);
  return {
    pick(all, ctx) {
      if (ring.length === 0) return null;
      if (ctx.hashKey === undefined) return random.pick(all, ctx);
      const h = hash32(ctx.hashKey);
      let lo = 0;
      let hi = ring.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (ring[mid]!.h < h) lo = mid + 1;
        else hi = mid;
      }
      for (let i = 0; i < ring.length; i++) {
        const e = ring[(lo + i) % ring.length]!.e;
        if (e.isAvailable(ctx.now)) return e;
      }
      return ring[lo % ring.length]!.e;
    },
  };
}

export function createBalancer(policy: LoadBalancer | undefined, endpoints: readonly EndpointState[]): Balancer {
  switch (policy?.type) {
    case "RANDOM":
      return random;
    case "LEAST_REQUEST":
      return leastRequest;
    case "CONSISTENT_HASH":
      return consistentHash(endpoints);
    case "ROUND_ROBIN":
    case undefined:
      return roundRobin;
  }
}
