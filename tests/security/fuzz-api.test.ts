/**
 * Property-based fuzzing of every operation that takes a body, through the built console: whatever JSON
 * arrives (arbitrary values, objects with the schema's own keys and arbitrary values, or no JSON at all) the
 * answer is never a 5xx, and an invalid body (400/413/422) stores nothing.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { operations, type Operation } from "@/lib/core/api/index.ts";
import { PROXY_TOKEN } from "../helpers/processes.ts";
import { FUZZ, runs, timeoutFor } from "./fuzz.ts";
import { asUser, login, send, startTestConsole, type TestConsole } from "./helpers.ts";

let c: TestConsole;
let carol: ReturnType<typeof asUser>;
let cookie: string;
let draftId: string;

const withBody = (Object.values(operations) as Operation[]).filter((op) => op.body !== undefined);

beforeAll(async () => {
  c = await startTestConsole();
  cookie = (await login(c, "carol", "carol-admin-pw")).cookie;
  carol = asUser(c, cookie);
  draftId = (await carol("GET", "/api/changes/draft")).json.id;
});
afterAll(() => c?.close());

/**
 * A fingerprint of everything a request could have stored: every write the console makes is audited in the
 * same transaction, so the newest audit entry moves with it; the change list covers draft edits too.
 */
async function state(): Promise<string> {
  const [audit, changes] = await Promise.all([carol("GET", "/api/audit?limit=1"), carol("GET", "/api/changes")]);
  return `${audit.json.entries[0]?.id}\n${changes.text}`;
}

const keysOf = (op: Operation): string[] => {
  const shape = (op.body as unknown as { shape?: Record<string, z.ZodType> }).shape;
  return shape ? Object.keys(shape) : [];
};

/** A body: arbitrary JSON, an object with the operation's keys and arbitrary values, or text that is not JSON. */
const bodyFor = (op: Operation): fc.Arbitrary<string> =>
  fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .dictionary(fc.constantFrom(...keysOf(op), "extra", "__proto__"), fc.jsonValue(), { maxKeys: 6 })
      .map((o) => JSON.stringify(o)),
    fc.string({ maxLength: 200 }),
  );

function requestFor(op: Operation, body: string) {
  const path = op.path.replace("{id}", op.id === "updateChange" ? draftId : "no-such-id");
  const headers: Record<string, string> =
    op.access === "proxy"
      ? { authorization: `Bearer ${PROXY_TOKEN}`, "content-type": "application/json" }
      : { cookie, origin: c.origin, "content-type": "application/json" };
  return send(`${c.url}${path}`, { method: op.method, headers, body });
}

describe("fuzzed API bodies", () => {
  it(
    "never answer 5xx and never store an invalid body",
    async () => {
      const cases = fc.constantFrom(...withBody).chain((op) => fc.tuple(fc.constant(op), bodyFor(op)));
      let known = await state();
      await fc.assert(
        fc.asyncProperty(cases, async ([op, body]) => {
          const res = await requestFor(op, body);
          expect(res.status, `${op.id} ${body.slice(0, 200)} → ${res.text.slice(0, 300)}`).toBeLessThan(500);
          const now = await state();
          // A sign-in failure is audited by design; anything else refused as invalid must leave no trace.
          if ([400, 413, 422].includes(res.status)) expect(now, `${op.id} stored ${body.slice(0, 200)}`).toBe(known);
          known = now;
        }),
        { seed: FUZZ.seed, numRuns: runs(300) },
      );
    },
    timeoutFor(300, 200),
  );
});

describe("broken percent-encoding in a path parameter", () => {
  // Next.js answers these with a 500 on dynamic routes (vercel/next.js#92527); the console's request proxy (proxy.ts)
  // refuses them first.
  const withParam = (Object.values(operations) as Operation[]).filter((op) => /\{[^}]+\}/.test(op.path));
  it("is a 400 naming the segment on every operation with one, signed in or not, and stores nothing", async () => {
    expect(withParam.length).toBeGreaterThan(10);
    const known = await state();
    for (const op of withParam)
      for (const bad of ["%ZZ", "%E0%A4", "%"]) {
        const url = `${c.url}${op.path.replace(/\{[^}]+\}/, bad)}`;
        for (const headers of [{ cookie, origin: c.origin, "content-type": "application/json" }, {}] as Record<
          string,
          string
        >[]) {
          const res = await send(url, { method: op.method, headers, body: op.method === "GET" ? undefined : "{}" });
          expect(res.status, `${op.method} ${url} → ${res.text.slice(0, 200)}`).toBe(400);
          expect(res.json?.error?.message).toContain(`malformed percent-encoding in "${bad}`);
        }
      }
    expect(await state()).toBe(known);
    // Well-formed encodings still reach the handlers: "%25" is a literal "%" (no such change: 404).
    expect((await carol("GET", "/api/changes/%25")).status).toBe(404);
  });
});

describe("text the database cannot store (NUL, unpaired surrogates)", () => {
  // PostgreSQL refuses U+0000 in text and jsonb, and an unpaired surrogate in jsonb: both used to come back as 500.
  it("is a 400 naming the field in bodies and query strings, a 422 naming it in a YAML import, and stores nothing", async () => {
    const known = await state();
    const mesh = (await carol("GET", "/api/mesh")).json.mesh;
    for (const bad of ["a\u0000b", "a\ud800b", "a\udc00"]) {
      const title = await carol("POST", "/api/changes", { title: bad, description: "" });
      expect(title.status, title.text).toBe(400);
      expect(title.json.error.issues[0].path).toEqual(["title"]);
      expect(title.json.error.message).toContain("cannot be stored");

      const proposed = structuredClone(mesh);
      proposed.services[0].description = bad;
      const deep = await carol("POST", "/api/changes", { title: "t", description: "", proposed });
      expect(deep.status, deep.text).toBe(400);
      expect(deep.json.error.issues[0].path).toEqual(["proposed", "services", 0, "description"]);

      const labelled = structuredClone(mesh);
      labelled.services[0].versions[0].labels = { [bad]: "x" };
      const key = await carol("POST", "/api/changes", { title: "t", description: "", proposed: labelled });
      expect(key.status, key.text).toBe(400);
      expect(key.json.error.issues[0].path).toEqual(["proposed", "services", 0, "versions", 0, "labels", bad]);

      const query = await carol(
        "GET",
        `/api/audit?limit=1&action=${encodeURIComponent(bad.replace(/[\ud800-\udfff]/, "\u0000"))}`,
      );
      expect(query.status, query.text).toBe(400);
      expect(query.json.error.code).toBe("INVALID_QUERY");
    }
    // A YAML escape makes the NUL after parsing: the import reports the field, the draft is not created.
    const yaml = [
      "apiVersion: networking.istio.io/v1",
      "kind: VirtualService",
      "metadata: {name: nul-vs}",
      "spec:",
      "  hosts: [nul.example.com]",
      "  http:",
      '  - match: [{headers: {x-a: {exact: "a\\0b"}}}]',
      "    route: [{destination: {host: reviews.demo.svc.cluster.local, subset: v1}}]",
    ].join("\n");
    const imported = await carol("POST", "/api/import", { yaml });
    expect(imported.status, imported.text).toBe(422);
    expect(JSON.stringify(imported.json.issues)).toContain("cannot be stored");
    expect(await state()).toBe(known);
  });
});
