import { randomUUID } from "node:crypto";
import { compareRoundTrip } from "./compare.ts";
import type { EchoServer } from "./echo-server.ts";
import { roundTrip } from "./round-trip.ts";
import type { ConformanceCase } from "./types.ts";

const TOTAL_REQUESTS = 500;
const CONCURRENT_REQUESTS = 10;

/** Runs `count` calls of `send`, `CONCURRENT_REQUESTS` at a time; the first rejection fails the batch. */
async function inBatches<T>(count: number, send: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      out[i] = await send(i);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_REQUESTS }, worker));
  return out;
}

/** weight.go extractBackendName: a pod name without its two generated suffixes. */
export function backendOfPod(pod: string): string {
  const parts = pod.split("-");
  return parts.length < 3 ? pod : parts.slice(0, -2).join("-");
}

/**
 * weight.go TestWeightedDistribution: the share of requests each backend answers is within ±5 % of its weight,
 * and exactly the backends with a weight above 0 answer. Returns null or the errors, sorted as upstream sorts them.
 */
export function checkWeights(pods: string[], expected: Record<string, number>, tolerance = 0.05): string | null {
  const seen = new Map<string, number>();
  for (const pod of pods) {
    const backend = backendOfPod(pod);
    if (!(backend in expected))
      return `request was handled by an unexpected pod "${pod}" (extracted backend: "${backend}")`;
    seen.set(backend, (seen.get(backend) ?? 0) + 1);
  }
  const errs: string[] = [];
  const active = Object.values(expected).filter((w) => w > 0).length;
  if (seen.size !== active) errs.push(`expected ${active} backends to receive traffic, but got ${seen.size}`);
  for (const [backend, want] of Object.entries(expected)) {
    const got = seen.get(backend);
    if (got === undefined && want !== 0) {
      errs.push(`expect traffic to hit backend "${backend}" - but none was received`);
      continue;
    }
    const share = (got ?? 0) / pods.length;
    if (Math.abs(share - want) > tolerance) {
      errs.push(`backend "${backend}" weighted traffic of ${share} not within tolerance ${want} (+/-${tolerance})`);
    }
  }
  return errs.length ? errs.sort().join("; ") : null;
}

/** The weighted-distribution check of a case, retried like upstream (weight.MaxTestRetries = 10). */
export async function weightedDistribution(port: number, c: ConformanceCase): Promise<string | null> {
  const expected = c.weightedDistribution!;
  let last: string | null = null;
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      const pods = await inBatches(TOTAL_REQUESTS, async (i) => {
        // AddEntropy: a random X-Jitter header on some requests (its random delay is left out: it adds only time).
        const jitter: ConformanceCase =
          i % 2 === 0 ? { ...c, request: { ...c.request, headers: { "X-Jitter": randomUUID() } } } : c;
        const trip = await roundTrip(port, jitter);
        const error = compareRoundTrip(trip.sent, trip.cReq, trip.cRes, c);
        if (error) throw new Error(`response expectation failed for request: ${error}`);
        return trip.cReq.pod;
      });
      last = checkWeights(pods, expected);
    } catch (e) {
      last = `error while sending requests: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (last === null) return null;
  }
  return `Weighted distribution tests failed: ${last}`;
}

/** Adds `name=value` to a path's query, as AddRequestIDQueryParam does. */
function withQueryParam(path: string, name: string, value: string): string {
  const url = new URL(path, "http://x");
  url.searchParams.set(name, value);
  return `${url.pathname}${url.search}`;
}

/** AddRequestIDQueryParam: the id goes on the request path and on the expected backend path (or becomes it). */
export function withRequestId(c: ConformanceCase, id: string): ConformanceCase {
  const param = "gateway-api-conformance-request-id";
  const path = withQueryParam(c.request.path, param, id);
  const expected = c.expectedRequest?.request;
  if (!c.expectedRequest) return { ...c, request: { ...c.request, path } };
  const expectedPath = expected?.path ? withQueryParam(expected.path, param, id) : path;
  return {
    ...c,
    request: { ...c.request, path },
    expectedRequest: { ...c.expectedRequest, request: { ...expected, path: expectedPath } },
  };
}

/**
 * testMirroredRequestsDistribution: each mirror receives a share of 500 requests within 3 binomial standard
 * deviations of its percent; up to 5 checks, each with a fresh request id so earlier mirrors are not counted.
 */
export async function mirroredDistribution(
  port: number,
  c: ConformanceCase,
  mirrorOf: (name: string, namespace: string) => EchoServer | null,
): Promise<string | null> {
  let last = "";
  for (let check = 0; check < 5; check++) {
    const tc = withRequestId(c, randomUUID());
    const path = tc.request.path;
    try {
      await inBatches(TOTAL_REQUESTS, async () => {
        const trip = await roundTrip(port, tc);
        const error = compareRoundTrip(trip.sent, trip.cReq, trip.cRes, tc);
        if (error) throw new Error(error);
      });
    } catch (e) {
      return `request failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    const errs: string[] = [];
    for (const m of c.mirroredTo ?? []) {
      const echo = mirrorOf(m.backendRef.name, m.backendRef.namespace);
      if (!echo) return `mirror backend ${m.backendRef.namespace}/${m.backendRef.name} does not exist`;
      const count = await settledCount(() => echo.received.filter((r) => r.path === path).length);
      const p = (m.percent ?? 100) / 100;
      const mean = TOTAL_REQUESTS * p;
      const margin = 3 * Math.sqrt(TOTAL_REQUESTS * p * (1 - p));
      if (count < mean - margin || count > mean + margin) {
        errs.push(
          `pod ${m.backendRef.name} did not meet the mirroring percentage within tolerance. Expected between ${mean - margin} and ${mean + margin}, but got ${count}`,
        );
      }
    }
    if (errs.length === 0) return null;
    last = errs.join("; ");
  }
  return `Percentage based mirror distribution tests failed: ${last}`;
}

/** Mirrors are fire-and-forget: wait until the count stops growing (three equal reads 50 ms apart) before judging it. */
async function settledCount(count: () => number): Promise<number> {
  let previous = -1;
  let stable = 0;
  for (let i = 0; i < 100 && stable < 3; i++) {
    const now = count();
    stable = now === previous ? stable + 1 : 0;
    previous = now;
    await new Promise((r) => setTimeout(r, 50));
  }
  return previous;
}

/** HTTPRouteRequestHeaderModifierBackendWeights: every request reaches the pod its backendRef's header filter names. */
export async function podFromRequestHeader(port: number, c: ConformanceCase): Promise<string | null> {
  const { header, requests } = c.podFromRequestHeader!;
  for (let i = 0; i < requests; i++) {
    const trip = await roundTrip(port, c);
    const named = Object.entries(trip.cReq.headers).find(([k]) => k.toLowerCase() === header.toLowerCase())?.[1] ?? [];
    if (named.length !== 1) return `expected a single '${header}' header to have been set, got ${named.length}`;
    if (!trip.cReq.pod.startsWith(named[0]!)) {
      return `expected the backendRef to have set the correct headers and sent the request to the correct pod, got "${trip.cReq.pod}", want "${named[0]}"`;
    }
  }
  return null;
}
