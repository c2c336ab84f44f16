/**
 * Property-based fuzzing of the YAML import through the built console: Kubernetes-like documents with
 * arbitrary specs, YAML syntax soup, anchors and aliases, deep nesting and many documents. The answer is a
 * report (200 or 4xx), never a 5xx, and comes within the import time limit.
 */
import fc from "fast-check";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FUZZ, runs, timeoutFor } from "./fuzz.ts";
import { asUser, login, startTestConsole, type TestConsole } from "./helpers.ts";

let c: TestConsole;
let alice: ReturnType<typeof asUser>;
const LIMIT_MS = 4_000;

beforeAll(async () => {
  c = await startTestConsole({ SIGNALBOX_IMPORT_TIMEOUT_MS: String(LIMIT_MS) });
  alice = asUser(c, (await login(c, "alice", "alice-editor-pw")).cookie);
});
afterAll(() => c?.close());

const kinds = ["VirtualService", "DestinationRule", "ServiceEntry", "Gateway", "HTTPRoute", "ConfigMap"];
const groups = ["networking.istio.io/v1", "networking.istio.io/v1beta1", "gateway.networking.k8s.io/v1", "v1"];

const k8sDoc = fc
  .record({
    apiVersion: fc.constantFrom(...groups),
    kind: fc.constantFrom(...kinds),
    metadata: fc.record({ name: fc.string({ maxLength: 20 }) }),
    spec: fc.jsonValue({ maxDepth: 5 }),
  })
  .map((o) => stringify(o));

const soup = fc.string({ unit: fc.constantFrom(..."[]{}:&*!|>-'\"#%@` \n\t,?ab01~".split("")), maxLength: 400 });

const aliases = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 })).map(([width, depth]) => {
  const lines = ["a0: &a0 [x]"];
  for (let d = 1; d <= depth; d++)
    lines.push(
      `a${d}: &a${d} [${Array(width)
        .fill(`*a${d - 1}`)
        .join(", ")}]`,
    );
  return lines.join("\n");
});

const nesting = fc
  .tuple(fc.integer({ min: 1, max: 20_000 }), fc.boolean())
  .map(([depth, flow]) =>
    flow
      ? `${"[".repeat(depth)}${"]".repeat(depth)}`
      : Array.from({ length: Math.min(depth, 3000) }, (_, i) => `${" ".repeat(i)}- `).join("\n"),
  );

const yamlText = fc.oneof(
  fc.array(fc.oneof(k8sDoc, soup, aliases), { minLength: 1, maxLength: 5 }).map((docs) => docs.join("\n---\n")),
  nesting,
  fc.integer({ min: 900, max: 1200 }).map((n) => Array.from({ length: n }, (_, i) => `k: ${i}`).join("\n---\n")),
);

describe("fuzzed YAML imports", () => {
  it(
    "answer with a report, never 5xx, within the time limit",
    async () => {
      await fc.assert(
        fc.asyncProperty(yamlText, fc.constantFrom("merge", "replace"), async (yaml, mode) => {
          const started = performance.now();
          const res = await alice("POST", "/api/import", { yaml, mode, dryRun: true });
          const ms = performance.now() - started;
          expect(res.status, `${yaml.slice(0, 200)} → ${res.text.slice(0, 300)}`).toBeLessThan(500);
          expect([200, 400, 413, 422]).toContain(res.status);
          expect(ms).toBeLessThan(LIMIT_MS + 3_000);
        }),
        { seed: FUZZ.seed, numRuns: runs(40) },
      );
    },
    timeoutFor(40, 2_000),
  );
});
