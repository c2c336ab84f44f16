/**
 * V8 flags every launcher gives the proxy process (proxy/run.ts, scripts/start.ts, the benchmark), measured with
 * `npm run bench:proxy` on 2026-11-22 (tests/bench/FINDINGS.md):
 *
 * - `--liftoff-only`: undici parses upstream responses with llhttp compiled to WebAssembly. V8's optimising
 *   wasm compile of it allocated a ~25 MB RSS spike at the first requests, and llhttp under Liftoff's baseline
 *   code was no slower (cpu-s per 10k requests 0.43 against 0.54).
 * - `--max-semi-space-size=8` (MiB, default 16): caps the young generation, which under load grew the heap from
 *   21 to 52 MB. Peak RSS 95 MB instead of 107 MB; 2 and 4 cost 18–20 ms of p99 at 1,000 req/s (more
 *   promotion, more full collections), 8 did not.
 *
 * SIGNALBOX_PROXY_NODE_FLAGS adds flags (a later flag wins in V8, so it can also override these).
 */
export const PROXY_NODE_FLAGS: readonly string[] = ["--liftoff-only", "--max-semi-space-size=8"];

export function proxyNodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  return [...PROXY_NODE_FLAGS, ...(env.SIGNALBOX_PROXY_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean)];
}
