import "server-only";
import {
  contentHash,
  HealthStatusSchema,
  proxyClusterScope,
  registeredEndpoints,
  scopeEndpoints,
  type Endpoint,
  type EndpointsPollQuery,
  type SelectableInstance,
} from "@/lib/core/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { unauthorized } from "@/lib/server/http/errors.ts";
import type { ProxyIdentity } from "@/lib/server/xds/proxy-auth.ts";
import { rolloutTargets } from "@/lib/server/rollouts/targets.ts";
import { stillValidBatched } from "@/lib/server/xds/revocation-check.ts";
import { encodedSnapshot } from "@/lib/server/xds/snapshot-bytes.ts";
import { versionSignal } from "@/lib/server/xds/version-signal.ts";
import { registrySignal } from "./registry-signal.ts";
import { runningServices } from "./running-services.ts";

/** What one proxy is answered: the endpoints of its scope's clusters, serialized once per scope. */
export interface ScopedEndpoints {
  hash: string;
  json: Uint8Array<ArrayBuffer>;
}

/**
 * The registry's endpoints at one (config version, registry index), every cluster, and the answers cut from it per
 * proxy scope: each scope's answer is hashed and serialized once, on first demand, and shared by every poll of it.
 */
export interface EncodedEndpoints {
  key: string;
  /** The config version and registry index it was built at. */
  version: number;
  index: number;
  clusters: Record<string, Endpoint[]>;
  scoped: Map<string, ScopedEndpoints>;
}

/**
 * Every instance, read as one JSON text (one row, one JSON.parse) rather than as a row per instance: this read runs
 * once per registry index under churn, and at 10,000 instances per-row wire parsing and row mapping were the largest
 * share of the console's CPU profile (tests/bench/FINDINGS.md, h-reg).
 */
async function selectable(): Promise<SelectableInstance[]> {
  const prisma = await getPrisma();
  const [row] = await prisma.$queryRaw<{ rows: string | null }[]>`
    SELECT json_agg(json_build_array(service, address, port, weight, labels, health))::text AS rows
    FROM registry_instances`;
  const rows = JSON.parse(row?.rows ?? "[]") as [string, string, number, number, unknown, string][];
  return rows.map(([service, address, port, weight, labels, health]) => ({
    service,
    address,
    port,
    weight,
    labels: (labels ?? {}) as Record<string, string>,
    health: HealthStatusSchema.catch("critical").parse(health),
  }));
}

const keyNow = () => `${versionSignal.newest}:${registrySignal.index}`;

async function build(): Promise<EncodedEndpoints> {
  const key = keyNow();
  const index = registrySignal.index;
  const version = versionSignal.newest;
  const [running, instances] = await Promise.all([runningServices(), selectable()]);
  const clusters = registeredEndpoints(running.services, instances);
  return { key, version, index, clusters, scoped: new Map() };
}

/** A proxy's scope: its rollout target version and gateway decide which clusters it can route to. */
interface Scope {
  key: string;
  clusters: readonly string[];
}

const g2 = globalThis as unknown as { __signalboxEndpointScopes?: Map<string, Promise<Scope>> };
const scopes = (g2.__signalboxEndpointScopes ??= new Map());
// Proxies run the newest version or, during a staged rollout, the one before it, per gateway: a few entries suffice.
const KEEP_SCOPES = 32;

function scopeOf(node: string, gateway: string | undefined): Promise<Scope> {
  const target = rolloutTargets.target(node, versionSignal.newest);
  const key = `${target}:${gateway ?? ""}`;
  const hit = scopes.get(key);
  if (hit) return hit;
  const loading = encodedSnapshot(target).then((snap) => ({
    key,
    clusters: snap ? proxyClusterScope(snap.config, gateway) : [],
  }));
  scopes.set(key, loading);
  loading.catch(() => scopes.delete(key));
  while (scopes.size > KEEP_SCOPES) scopes.delete(scopes.keys().next().value!);
  return loading;
}

/** The answer for `scope` cut from `all`: hashed and serialized once per (build, scope). */
function answerFor(all: EncodedEndpoints, scope: Scope): ScopedEndpoints {
  const hit = all.scoped.get(scope.key);
  if (hit) return hit;
  const clusters = scopeEndpoints(all.clusters, scope.clusters);
  const hash = contentHash(clusters);
  const json = new TextEncoder().encode(JSON.stringify({ hash, index: all.index, clusters }));
  const answer = { hash, json };
  all.scoped.set(scope.key, answer);
  return answer;
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
 * GET /api/xds/endpoints: answers at once when the registered endpoints of the proxy's clusters differ from
 * `query.hash`, else holds the request until they change (a registration, a health change, or a new config version
 * whose selectors or routes differ) or the wait ends (null: 304).
 */
export async function pollEndpoints(
  identity: ProxyIdentity,
  query: EndpointsPollQuery,
  abort: AbortSignal,
): Promise<ScopedEndpoints | null> {
  let current = await currentEndpoints();
  let answer = answerFor(current, await scopeOf(query.node, query.gateway));
  if (answer.hash !== query.hash) return answer;
  const cap = env().SIGNALBOX_POLL_WAIT_MS;
  const deadline = Date.now() + Math.round(Math.min(query.waitMs ?? cap, cap) * (0.8 + Math.random() * 0.2));
  while (!abort.aborted) {
    const left = deadline - Date.now();
    // From what the answer was built at: a change between that build and now wakes at once.
    if (left <= 0 || !(await waitForChange(current, left, abort))) return null;
    if (!(await stillValidBatched(identity))) throw unauthorized("The proxy credential was revoked");
    current = await currentEndpoints();
    // A registration outside the proxy's clusters changes the build, not its answer: it keeps waiting.
    answer = answerFor(current, await scopeOf(query.node, query.gateway));
    if (answer.hash !== query.hash) return answer;
  }
  return null;
}
