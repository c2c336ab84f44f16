/**
 * Property-based fuzzing of the proxy with raw request heads (fast-check): a real proxy (createProxy on port 0) in
 * front of an echo upstream that records every request exactly as it arrived. Three properties:
 *
 * 1. `wellFormed`: any well-formed request reaches the upstream exactly as intended: same method, path, body,
 *    the client's headers in order minus hop-by-hop and Connection-named ones, then Host and this hop's
 *    x-forwarded-*; nothing else.
 * 2. `smuggling`: framing variants (CL+TE, duplicate and conflicting Content-Length, TE variants, obs-fold, bare
 *    LF, NUL) around a body that embeds a second request: the embedded request never reaches the upstream on its
 *    own, the front request arrives with exactly its body or not at all (and is refused when the framing is
 *    ambiguous), and the proxy keeps serving.
 * 3. `paths`: hostile paths against a `prefix /admin` deny rule: the upstream never gets a path that is /admin
 *    once normalized, and what it gets is already normal (a WHATWG URL parser, as a Node backend uses, reads
 *    the same path).
 *
 * `npm test` runs them short and seeded (tests/security/proxy-fuzz.test.ts); `npm run fuzz -- proxy` long.
 */
import fc from "fast-check";
import { normalizePath, DEFAULT_PATH_POLICY } from "../../lib/core/routing/index.ts";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import {
  headerValues,
  rawExchange,
  startEchoUpstream,
  type EchoUpstream,
  type SeenRequest,
  statusOf,
} from "../helpers/raw-http.ts";
import { cluster, config, rule, snapshot, vhost } from "../helpers/snapshot-builder.ts";

export interface FuzzRig {
  proxy: Proxy;
  up: EchoUpstream;
  close(): Promise<void>;
}

export async function startFuzzRig(): Promise<FuzzRig> {
  const up = await startEchoUpstream("echo");
  const deny = { uri: { type: "prefix" as const, value: "/admin" }, methods: [], headers: [], queryParams: [] };
  const cfg = config(
    [
      vhost(
        "web",
        ["web.test"],
        [
          rule("web#deny", {}, { matches: [deny], directResponse: { status: 403, body: "denied\n" } }),
          rule("web#0", { "web/v1": 100 }),
        ],
      ),
    ],
    [cluster("web/v1", [{ port: up.port }])],
  );
  const proxy = createProxy({ nodeId: "fuzz", snapshot: snapshot(1, cfg), port: 0, logLevel: "silent" });
  await proxy.start();
  return {
    proxy,
    up,
    close: async () => {
      await proxy.stop(200);
      await up.close();
    },
  };
}

/** Requests the upstream saw while `run` ran. */
async function observe(rig: FuzzRig, run: () => Promise<unknown>): Promise<SeenRequest[]> {
  const before = rig.up.seen.length;
  await run();
  return rig.up.seen.slice(before);
}

/** The proxy still serves after a case: a plain request on a new connection gets 200. */
async function stillServing(rig: FuzzRig): Promise<boolean> {
  const { text } = await rawExchange(
    rig.proxy.port,
    "GET /alive HTTP/1.1\r\nHost: web.test\r\nConnection: close\r\n\r\n",
  );
  return statusOf(text) === 200;
}

// ---- 1. well-formed requests --------------------------------------------------------------------------------

const HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"]);
const OWN = new Set(["host", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-request-id", "expect"]);
const FRAMING = new Set(["content-length", "transfer-encoding"]);

const tokenChar = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!#$&'*+^`|~");
const headerName = fc
  .string({ unit: tokenChar, minLength: 1, maxLength: 12 })
  .map((n) => `x-${n}`)
  .filter((n) => !HOP.has(n.toLowerCase()) && !OWN.has(n.toLowerCase()) && !FRAMING.has(n.toLowerCase()));
const valueChar = fc.constantFrom(..."abcXYZ019 -_.,;:=/\"'()[]{}?@!#$%&*+<>|~^`\t");
/** node trims leading and trailing whitespace of a value; the oracle compares trimmed values. */
const headerValue = fc.string({ unit: valueChar, maxLength: 24 }).map((v) => v.replace(/^[ \t]+|[ \t]+$/g, ""));
const segmentChar = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-_~!$&'()*+,;=:@");
const safePath = fc
  .array(fc.string({ unit: segmentChar, minLength: 1, maxLength: 8 }), { maxLength: 5 })
  .map((s) => `/${s.join("/")}`)
  .filter((p) => !p.startsWith("/admin") && p !== "/alive");
const query = fc.option(fc.string({ unit: fc.constantFrom(..."abc=&%20/?.19"), maxLength: 16 }), { nil: undefined });
const bodyText = fc.string({ unit: fc.constantFrom(..."abc XYZ\r\n0123{}\"'\u00e9"), maxLength: 64 });

const wellFormedRequest = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"),
  path: safePath,
  query,
  headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 }),
  dropOne: fc.boolean(),
  /** Connection also names X-Forwarded-For: the client's value goes, this hop's stays. */
  dropXff: fc.boolean(),
  clientXff: fc.option(fc.constantFrom("10.1.2.3", "10.1.2.3, 192.0.2.7"), { nil: undefined }),
  requestId: fc.option(fc.uuid(), { nil: undefined }),
  body: bodyText,
  chunked: fc.boolean(),
  chunkSizes: fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 6 }),
});
type WellFormed = typeof wellFormedRequest extends fc.Arbitrary<infer T> ? T : never;

function chunk(body: string, sizes: number[]): string {
  let out = "";
  let at = 0;
  for (let i = 0; at < body.length; i++) {
    const piece = body.slice(at, at + sizes[i % sizes.length]!);
    out += `${Buffer.byteLength(piece, "latin1").toString(16)}\r\n${piece}\r\n`;
    at += piece.length;
  }
  return `${out}0\r\n\r\n`;
}

function serialize(r: WellFormed): { raw: string; dropped: string | null } {
  const target = r.path + (r.query === undefined ? "" : `?${r.query}`);
  const dropped = r.dropOne && r.headers.length > 0 ? r.headers[0]![0] : null;
  let head = `${r.method} ${target} HTTP/1.1\r\nHost: web.test\r\n`;
  for (const [n, v] of r.headers) head += `${n}: ${v}\r\n`;
  head += `Connection: close${dropped ? `, ${dropped}` : ""}${r.dropXff ? ", X-Forwarded-For" : ""}\r\n`;
  if (r.clientXff !== undefined) head += `X-Forwarded-For: ${r.clientXff}\r\n`;
  if (r.requestId !== undefined) head += `X-Request-Id: ${r.requestId}\r\n`;
  const body = r.body;
  if (body === "" && !r.chunked) return { raw: `${head}\r\n`, dropped };
  if (r.chunked) return { raw: `${head}Transfer-Encoding: chunked\r\n\r\n${chunk(body, r.chunkSizes)}`, dropped };
  return { raw: `${head}Content-Length: ${Buffer.byteLength(body, "latin1")}\r\n\r\n${body}`, dropped };
}

/**
 * What the upstream must see, framing and connection management aside (undici frames the body and manages its
 * connection its own way, and writes Host first): Host is checked on its own.
 */
function expectedHeaders(r: WellFormed, dropped: string | null): string[] {
  const out: string[] = [];
  const droppedLower = dropped?.toLowerCase();
  for (const [n, v] of r.headers) if (n.toLowerCase() !== droppedLower) out.push(n, v);
  const xff = r.clientXff === undefined || r.dropXff ? "127.0.0.1" : `${r.clientXff}, 127.0.0.1`;
  out.push("x-forwarded-for", xff, "x-forwarded-proto", "http", "x-forwarded-host", "web.test");
  return out;
}

const UNDICI_OWN = new Set(["content-length", "transfer-encoding", "connection", "host", "x-request-id"]);

function comparable(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (!UNDICI_OWN.has(raw[i]!.toLowerCase())) out.push(raw[i]!, raw[i + 1]!);
  return out;
}

export function wellFormedProperty(rig: FuzzRig) {
  return fc.asyncProperty(wellFormedRequest, async (r) => {
    const { raw, dropped } = serialize(r);
    let text = "";
    const seen = await observe(
      rig,
      async () => ({ text } = await rawExchange(rig.proxy.port, Buffer.from(raw, "latin1"))),
    );
    if (statusOf(text) !== 200) throw new Error(`status ${statusOf(text)} for ${JSON.stringify(raw)}`);
    if (seen.length !== 1) throw new Error(`upstream saw ${seen.length} requests for ${JSON.stringify(raw)}`);
    const got = seen[0]!;
    const want = {
      method: r.method,
      url: r.path + (r.query === undefined ? "" : `?${r.query}`),
      headers: expectedHeaders(r, dropped),
      body: r.body,
    };
    const actual = { method: got.method, url: got.url, headers: comparable(got.rawHeaders), body: got.body };
    if (JSON.stringify(actual) !== JSON.stringify(want))
      throw new Error(`upstream got ${JSON.stringify(actual)}, wanted ${JSON.stringify(want)}`);
    if (JSON.stringify(headerValues(got.rawHeaders, "host")) !== '["web.test"]') throw new Error("Host");
    const ids = headerValues(got.rawHeaders, "x-request-id");
    if (ids.length !== 1 || (r.requestId !== undefined && ids[0] !== r.requestId))
      throw new Error(`x-request-id ${JSON.stringify(ids)}`);
  });
}

// ---- 2. smuggling variants ------------------------------------------------------------------------------------

const EMBEDDED = "GET /smuggled HTTP/1.1\r\nHost: web.test\r\n\r\n";

/** `refused`: ambiguous or invalid framing, must get 4xx and never reach the upstream. `either`: refused or exact. */
type Expect = "refused" | "either" | "exact";

interface Variant {
  name: string;
  expect: Expect;
  /** Head lines after Host (CRLF-joined unless `eol` says otherwise) and the raw body for body `b`. */
  build(b: string, sizes: number[]): { lines: string[]; body: string; eol?: string };
}

const cl = (b: string) => String(Buffer.byteLength(b, "latin1"));
const VARIANTS: Variant[] = [
  { name: "content-length", expect: "exact", build: (b) => ({ lines: [`Content-Length: ${cl(b)}`], body: b }) },
  { name: "chunked", expect: "exact", build: (b, s) => ({ lines: ["Transfer-Encoding: chunked"], body: chunk(b, s) }) },
  {
    name: "CL + TE",
    expect: "refused",
    build: (b, s) => ({ lines: ["Content-Length: 4", "Transfer-Encoding: chunked"], body: chunk(b, s) }),
  },
  {
    name: "TE + CL",
    expect: "refused",
    build: (b, s) => ({ lines: ["Transfer-Encoding: chunked", `Content-Length: ${cl(b)}`], body: chunk(b, s) }),
  },
  {
    name: "duplicate CL",
    expect: "either",
    build: (b) => ({ lines: [`Content-Length: ${cl(b)}`, `Content-Length: ${cl(b)}`], body: b }),
  },
  {
    name: "conflicting CL",
    expect: "refused",
    build: (b) => ({ lines: ["Content-Length: 3", `Content-Length: ${cl(b)}`], body: b }),
  },
  { name: "CL list", expect: "either", build: (b) => ({ lines: [`Content-Length: ${cl(b)}, ${cl(b)}`], body: b }) },
  { name: "CL +n", expect: "refused", build: (b) => ({ lines: [`Content-Length: +${cl(b)}`], body: b }) },
  {
    name: "TE chunked, identity",
    expect: "refused",
    build: (b, s) => ({ lines: ["Transfer-Encoding: chunked, identity"], body: chunk(b, s) }),
  },
  {
    name: "TE leading space",
    expect: "either",
    build: (b, s) => ({ lines: ["Transfer-Encoding:  chunked"], body: chunk(b, s) }),
  },
  {
    name: "TE xchunked",
    expect: "refused",
    build: (b, s) => ({ lines: ["Transfer-Encoding: xchunked"], body: chunk(b, s) }),
  },
  {
    name: "TE twice",
    expect: "either",
    build: (b, s) => ({ lines: ["Transfer-Encoding: chunked", "Transfer-Encoding: chunked"], body: chunk(b, s) }),
  },
  {
    name: "obs-fold TE",
    expect: "refused",
    build: (b, s) => ({ lines: ["Transfer-Encoding:", " chunked", `Content-Length: ${cl(b)}`], body: chunk(b, s) }),
  },
  {
    name: "bare LF",
    expect: "either",
    build: (b) => ({ lines: [`Content-Length: ${cl(b)}`], body: b, eol: "\n" }),
  },
  {
    name: "NUL in a value",
    expect: "refused",
    build: (b) => ({ lines: ["X-A: a\u0000b", `Content-Length: ${cl(b)}`], body: b }),
  },
];

const smugglingCase = fc.record({
  variant: fc.constantFrom(...VARIANTS),
  prefix: fc.string({ unit: fc.constantFrom(..."ab0\r\n"), maxLength: 12 }),
  suffix: fc.string({ unit: fc.constantFrom(..."xy1\r\n"), maxLength: 12 }),
  sizes: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 4 }),
  followUp: fc.boolean(),
});

export function smugglingProperty(rig: FuzzRig) {
  return fc.asyncProperty(smugglingCase, async (c) => {
    const intended = c.prefix + EMBEDDED + c.suffix;
    const { lines, body, eol = "\r\n" } = c.variant.build(intended, c.sizes);
    // Without a follow-up the front request closes the connection itself, so each case ends when answered.
    const close = c.followUp ? [] : ["Connection: close"];
    const head = ["POST /front HTTP/1.1", "Host: web.test", ...close, ...lines].join(eol) + eol + eol;
    const after = c.followUp ? "GET /after HTTP/1.1\r\nHost: web.test\r\nConnection: close\r\n\r\n" : "";
    let text = "";
    const seen = await observe(
      rig,
      async () => ({ text } = await rawExchange(rig.proxy.port, head + body + after, 3_000)),
    );
    const what = `${c.variant.name}: ${JSON.stringify(head + body)}`;
    if (seen.some((s) => s.url === "/smuggled")) throw new Error(`the embedded request reached the upstream (${what})`);
    const fronts = seen.filter((s) => s.url === "/front");
    if (fronts.length > 1) throw new Error(`the front request arrived ${fronts.length} times (${what})`);
    if (fronts.some((s) => s.body !== intended)) throw new Error(`a different body arrived (${what})`);
    if (seen.some((s) => s.url !== "/front" && s.url !== "/after")) throw new Error(`unexpected request (${what})`);
    const status = statusOf(text);
    if (c.variant.expect === "refused" && (fronts.length > 0 || status < 400 || status >= 500))
      throw new Error(`not refused: status ${status}, forwarded ${fronts.length} (${what})`);
    if (c.variant.expect === "exact" && (fronts.length !== 1 || status !== 200))
      throw new Error(`not forwarded: status ${status} (${what})`);
    if (!(await stillServing(rig))) throw new Error(`the proxy stopped serving after ${what}`);
  });
}

// ---- 3. paths ---------------------------------------------------------------------------------------------------

const pathPiece = fc.constantFrom(
  "admin",
  "ADMIN",
  "a",
  ".",
  "..",
  "",
  "%2e",
  "%2E%2e",
  "%61dmin",
  "%61",
  "%2F",
  "%5C",
  "\\",
  "%00",
  "%25",
  "%2fadmin",
  "x",
  ";",
  "%3B",
  "~",
  "%7E",
  "#",
  "?",
  "..%2F",
);
const hostilePath = fc.array(pathPiece, { minLength: 1, maxLength: 7 }).map((p) => `/${p.join("/")}`);

export function pathsProperty(rig: FuzzRig) {
  return fc.asyncProperty(hostilePath, async (path) => {
    let text = "";
    const request = `GET ${path} HTTP/1.1\r\nHost: web.test\r\nConnection: close\r\n\r\n`;
    const seen = await observe(rig, async () => ({ text } = await rawExchange(rig.proxy.port, request)));
    const status = statusOf(text);
    if (![200, 400, 403].includes(status)) throw new Error(`status ${status} for ${path}`);
    for (const s of seen) {
      const p = s.url.split("?")[0]!;
      if (normalizePath(p, DEFAULT_PATH_POLICY) !== p) throw new Error(`upstream got a path not normalized: ${s.url}`);
      if (new URL(p, "http://backend").pathname !== p) throw new Error(`a backend would read ${s.url} differently`);
      if (p.startsWith("/admin")) throw new Error(`/admin reached the upstream: ${path}`);
    }
  });
}

export interface FuzzRun {
  seed: number;
  numRuns: number;
}

/** Runs the three properties; throws with fast-check's counterexample report on the first failure. */
export async function fuzzProxy(run: FuzzRun): Promise<void> {
  const rig = await startFuzzRig();
  const params = { seed: run.seed, numRuns: run.numRuns, endOnFailure: true };
  try {
    await fc.assert(wellFormedProperty(rig), params);
    await fc.assert(smugglingProperty(rig), params);
    await fc.assert(pathsProperty(rig), params);
  } finally {
    await rig.close();
  }
}
