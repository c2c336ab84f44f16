import "server-only";
import { promisify } from "node:util";
import { gzip as gzipCb } from "node:zlib";
import {
  SNAPSHOT_ACCEPT_ENCODING_HEADER,
  SNAPSHOT_CONTENT_ENCODING_HEADER,
  SnapshotConfigSchema,
  type Snapshot,
  type SnapshotConfig,
} from "@/lib/core/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";

const gzip = promisify(gzipCb);

/**
 * A published version as the wire carries it: the JSON body serialized once, and gzipped once on first demand. Every
 * long-poll woken by a publish gets these same bytes: one database read, one JSON.stringify and one gzip per version
 * and console process, not per waiting proxy.
 */
export interface EncodedSnapshot {
  version: number;
  hash: string;
  /** The parsed config, for console code that reads the running snapshot (secret discovery) without a query. */
  config: SnapshotConfig;
  json: Uint8Array<ArrayBuffer>;
  gzip(): Promise<Uint8Array<ArrayBuffer>>;
}

function encode(snapshot: Snapshot): EncodedSnapshot {
  const json = new TextEncoder().encode(JSON.stringify(snapshot));
  let gzipped: Promise<Uint8Array<ArrayBuffer>> | null = null;
  return {
    version: snapshot.version,
    hash: snapshot.hash,
    config: snapshot.config,
    json,
    // Off the event loop (zlib's thread pool); shared by every request that asks while it runs.
    gzip: () => (gzipped ??= gzip(json).then((b) => new Uint8Array(b))),
  };
}

async function load(version: number): Promise<EncodedSnapshot | null> {
  const prisma = await getPrisma();
  const row = await prisma.configVersion.findUnique({ where: { version } });
  if (!row) return null;
  return encode({ version: row.version, hash: row.hash, config: SnapshotConfigSchema.parse(row.snapshot) });
}

// Proxies poll the newest version or, while a fleet catches up, one just before it: a few entries are plenty.
const KEEP = 4;
const g = globalThis as unknown as { __signalboxSnapshotBytes?: Map<number, Promise<EncodedSnapshot | null>> };
const cache = (g.__signalboxSnapshotBytes ??= new Map());

/** The encoded snapshot of `version` (null when it does not exist); concurrent callers share one load. */
export function encodedSnapshot(version: number): Promise<EncodedSnapshot | null> {
  const hit = cache.get(version);
  if (hit) return hit;
  const loading = load(version);
  cache.set(version, loading);
  // A version that is missing (or failed to load) is not remembered: it may be committed a moment later.
  loading.then(
    (s) => s === null && cache.delete(version),
    () => cache.delete(version),
  );
  while (cache.size > KEEP) cache.delete(Math.min(...cache.keys()));
  return loading;
}

/**
 * Asked for by a proxy that can take the snapshot gzipped once for the whole fleet. Not `accept-encoding`: Next.js
 * drops a route handler's `content-encoding` header (its send-response.ts) and instead gzips every answer again in
 * its own compression middleware, per request. So the console sends the shared gzip bytes as `application/gzip`
 * with SNAPSHOT_CONTENT_ENCODING_HEADER set, marked `no-transform` so the middleware leaves them alone, and the proxy
 * (proxy/config/xds-client.ts) gunzips them. A client that does not ask gets JSON, which Next.js compresses for it
 * when it sends accept-encoding.
 */

const asksForGzip = (header: string | null) =>
  header !== null && header.split(",").some((part) => part.trim().toLowerCase() === "gzip");

/** The 200 answer for a poll: the shared gzip bytes when the proxy asks for them, the shared JSON bytes otherwise. */
export async function snapshotResponse(s: EncodedSnapshot, request: Request): Promise<Response> {
  if (!asksForGzip(request.headers.get(SNAPSHOT_ACCEPT_ENCODING_HEADER)))
    return new Response(s.json, { headers: { "content-type": "application/json", "cache-control": "no-store" } });
  return new Response(await s.gzip(), {
    headers: {
      "content-type": "application/gzip",
      "cache-control": "no-store, no-transform",
      [SNAPSHOT_CONTENT_ENCODING_HEADER]: "gzip",
    },
  });
}
