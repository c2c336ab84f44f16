import "server-only";
import {
  contentHash,
  HealthStatusSchema,
  registeredEndpoints,
  type EndpointsPollQuery,
  type SelectableInstance,
} from "@/lib/core/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { unauthorized } from "@/lib/server/http/errors.ts";
import type { ProxyIdentity } from "@/lib/server/xds/proxy-auth.ts";
import { stillValidBatched } from "@/lib/server/xds/revocation-check.ts";
import { versionSignal } from "@/lib/server/xds/version-signal.ts";
import { registrySignal } from "./registry-signal.ts";
import { runningServices } from "./running-services.ts";

/** The endpoints answer of one (config version, registry index): serialized once, shared by every held poll. */
export interface EncodedEndpoints {
  key: string;
  /** The config version and registry index it was built at. */
  version: number;
  index: number;
  hash: string;
  json: Uint8Array<ArrayBuffer>;
}

async function selectable(): Promise<SelectableInstance[]> {
  const prisma = await getPrisma();
  const rows = await prisma.registryInstance.findMany({
    select: { service: true, address: true, port: true, weight: true, labels: true, health: true },
  });
  return rows.map((r) => ({
    service: r.service,
    address: r.address,
    port: r.port,
    weight: r.weight,
    labels: (r.labels ?? {}) as Record<string, string>,
    health: HealthStatusSchema.catch("critical").parse(r.health),
  }));
}

const keyNow = () => `${versionSignal.newest}:${registrySignal.index}`;

async function build(): Promise<EncodedEndpoints> {
  const key = keyNow();
  const index = registrySignal.index;
  const version = versionSignal.newest;
  const [running, instances] = await Promise.all([runningServices(), selectable()]);
  const clusters = registeredEndpoints(running.services, instances);
  const hash = contentHash(clusters);
  return { key, version, index, hash, json: new TextEncoder().encode(JSON.stringify({ hash, index, clusters })) };
}

interface Cache {
  last: EncodedEndpoints | null;
  inflight: Promise<EncodedEndpoints> | null;
  queued: Promise<EncodedEndpoints> | null;
}
const g = globalThis as unknown as { __signalboxEndpointsCache?: Cache };
const cache: Cache = (g.__signalboxEndpointsCache ??= { last: null, inflight: null, queued: null });

function start(): Promise<EncodedEndpoints> {
  const p = build()
    .then((e) => (cache.last = e))
    .finally(() => {
      if (cache.inflight === p) cache.inflight = null;
    });
  cache.inflight = p;
  return p;
}

/**
 * The current answer. At most one build runs at a time and at most one waits behind it: under registration churn
 * every poll woken meanwhile shares the next build (one database read and one JSON.stringify per build, whatever
 * the number of proxies), so the work per second is bounded by build time, not by events or proxies.
 */
export function currentEndpoints(): Promise<EncodedEndpoints> {
  if (cache.last?.key === keyNow()) return Promise.resolve(cache.last);
  if (!cache.inflight) return start();
  cache.queued ??= cache.inflight
    .catch(() => undefined)
    .then(() => {
      cache.queued = null;
      return cache.last?.key === keyNow() ? cache.last : (cache.inflight ?? start());
    });
  return cache.queued;
}

/** Resolves when the registry or the running config moves, or the wait ends (false). */
function waitForChange(seen: { index: number; version: number }, timeoutMs: number, abort: AbortSignal) {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  abort.addEventListener("abort", onAbort, { once: true });
  return Promise.race([
    registrySignal.wait(seen.index, timeoutMs, stop.signal).then((v) => v !== null),
    versionSignal.wait(seen.version, timeoutMs, stop.signal).then((v) => v !== null),
  ]).finally(() => {
    stop.abort();
    abort.removeEventListener("abort", onAbort);
  });
}

/**
 * GET /api/xds/endpoints: answers at once when the registered endpoints differ from `query.hash`, else holds the
 * request until they change (a registration, a health change, or a new config version whose selectors differ) or
 * the wait ends (null: 304).
 */
export async function pollEndpoints(
  identity: ProxyIdentity,
  query: EndpointsPollQuery,
  abort: AbortSignal,
): Promise<EncodedEndpoints | null> {
  let current = await currentEndpoints();
  if (current.hash !== query.hash) return current;
  const cap = env().SIGNALBOX_POLL_WAIT_MS;
  const deadline = Date.now() + Math.round(Math.min(query.waitMs ?? cap, cap) * (0.8 + Math.random() * 0.2));
  while (!abort.aborted) {
    const left = deadline - Date.now();
    // From what the answer was built at: a change between that build and now wakes at once.
    if (left <= 0 || !(await waitForChange(current, left, abort))) return null;
    if (!(await stillValidBatched(identity))) throw unauthorized("The proxy credential was revoked");
    current = await currentEndpoints();
    if (current.hash !== query.hash) return current;
  }
  return null;
}
