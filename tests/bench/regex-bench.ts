/**
 * Regex engines for route matching, compared on what the proxy does with them: a full match of typical route
 * regexes against request paths, hosts and header values, and of a pathological pattern against a hostile path.
 * Candidates: re2js (pure JS port of RE2, what lib/core/routing/re2.ts uses), re2-wasm (Google's RE2 as WASM),
 * the native `re2` addon when installed (REGEX_BENCH_RE2_NATIVE=<path to its package>; it builds RE2 from source
 * with node-gyp, so it is not a project dependency), V8's experimental linear engine (`/l`, behind a V8 flag), and
 * V8's backtracking RegExp as the unsafe baseline. `npm run bench` prints these lines; alone: `npx tsx
 * tests/bench/regex-bench.ts`.
 */
import { createRequire } from "node:module";
import v8 from "node:v8";
import { RE2JS } from "re2js";
import { RE2 as Re2Wasm } from "re2-wasm";
import { median } from "./report.ts";

interface Engine {
  name: string;
  /** A full-match tester for `pattern`, or why the engine cannot take it. */
  compile(pattern: string): ((s: string) => boolean) | string;
  /** A backtracking engine: the hostile input is measured on a short input only (the long one would not end). */
  backtracking?: boolean;
}

const TYPICAL: [pattern: string, inputs: string[]][] = [
  ["/api/v[0-9]+/users/[0-9]+", ["/api/v2/users/12345", "/api/v2/orders/1"]],
  ["/(reviews|ratings)/.*", ["/reviews/0/details", "/productpage"]],
  [".*\\.example\\.com", ["api.example.com", "example.org"]],
  ["Mozilla/5\\.0 .*(Chrome|Firefox)/[0-9.]+.*", ["Mozilla/5.0 (X11; Linux) Chrome/120.0.0.0 Safari/537.36", "curl/8"]],
  ["[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}", ["3f2c1e9a-1b2c-4d5e-8f90-a1b2c3d4e5f6", "nope"]],
];
const HOSTILE_PATTERN = "/r/([a-z0-9]+-?)+";
const hostile = (n: number) => `/r/${"a".repeat(n)}!`;

function engines(): Engine[] {
  const list: Engine[] = [
    {
      name: "re2js (chosen)",
      compile: (p) => {
        const re = RE2JS.compile(p);
        return (s) => re.testExact(s);
      },
    },
    {
      name: "re2-wasm",
      compile: (p) => {
        const re = new Re2Wasm(`^(?:${p})$`, "u");
        return (s) => re.test(s);
      },
    },
  ];
  const native = nativeRe2();
  if (typeof native !== "string") list.push(native);
  else console.log(`regex bench: native re2 skipped (${native})`);
  v8.setFlagsFromString("--enable-experimental-regexp-engine");
  list.push({
    name: "V8 linear engine (/l, experimental)",
    compile: (p) => {
      const re = new RegExp(`^(?:${p})$`, "l");
      return (s) => re.test(s);
    },
  });
  list.push({
    name: "V8 RegExp (backtracking, unsafe)",
    backtracking: true,
    compile: (p) => {
      const re = new RegExp(`^(?:${p})$`);
      return (s) => re.test(s);
    },
  });
  return list;
}

function nativeRe2(): Engine | string {
  const dir = process.env.REGEX_BENCH_RE2_NATIVE;
  if (!dir) return "set REGEX_BENCH_RE2_NATIVE to an installed `re2` package to include it";
  const RE2 = createRequire(import.meta.url)(dir) as new (p: string, f?: string) => { test(s: string): boolean };
  return {
    name: "re2 (native addon)",
    compile: (p) => {
      const re = new RE2(`^(?:${p})$`, "u");
      return (s) => re.test(s);
    },
  };
}

/** Matches per second of `test` over `inputs`, for at least `minMs`. */
function rate(test: (s: string) => boolean, inputs: string[], minMs: number): number {
  let n = 0;
  let sink = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 1_000; i++) if (test(inputs[i % inputs.length]!)) sink++;
    n += 1_000;
    elapsed = performance.now() - t0;
  }
  if (sink < 0) console.log(sink);
  return (n / elapsed) * 1_000;
}

/** Milliseconds for one full match of the hostile input of length `n`. */
function hostileMs(test: (s: string) => boolean, n: number): number {
  const t0 = performance.now();
  test(hostile(n));
  return performance.now() - t0;
}

const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(0)} k`);

/** The report lines: typical matches/s (median of rounds, all patterns), then the hostile timings. */
export function runRegexBench(opts: { rounds: number; minMs: number }): string[] {
  const lines = ["regex engines: full matches/s on typical route regexes; ms for the hostile path"];
  for (const e of engines()) {
    const testers = TYPICAL.map(([p, inputs]) => [e.compile(p), inputs] as const);
    const broken = testers.find(([t]) => typeof t === "string");
    if (broken) {
      lines.push(`  ${e.name.padEnd(36)} cannot compile: ${String(broken[0])}`);
      continue;
    }
    const rounds = Array.from({ length: opts.rounds }, () => {
      let total = 0;
      for (const [t, inputs] of testers) total += rate(t as (s: string) => boolean, inputs, opts.minMs);
      return total / testers.length;
    });
    const h = e.compile(HOSTILE_PATTERN) as (s: string) => boolean;
    const hostileText = e.backtracking
      ? `n=22: ${hostileMs(h, 22).toFixed(0)} ms (doubles per character; n=40 would take days)`
      : `n=40: ${hostileMs(h, 40).toFixed(3)} ms, n=100000: ${hostileMs(h, 100_000).toFixed(1)} ms`;
    lines.push(`  ${e.name.padEnd(36)} ${fmt(median(rounds)).padStart(8)} matches/s   hostile ${hostileText}`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of runRegexBench({ rounds: Number(process.env.BENCH_CORE_ROUNDS ?? 5), minMs: 200 }))
    console.log(line);
}
