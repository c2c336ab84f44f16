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

type InstanceTuple = [
  id: string,
  service: string,
  address: string,
  port: number,
  weight: number,
  labels: unknown,
  health: string,
];

const toSelectable = ([, service, address, port, weight, labels, health]: InstanceTuple): SelectableInstance => ({
  service,
  address,
  port,
  weight,
  labels: (labels ?? {}) as Record<string, string>,
  health: HealthStatusSchema.catch("critical").parse(health),
});

/**
 * The registry as the last build left it: instances by service and id, at a stable index (registry-index.ts). A
 * build applies the events since that index (the instances they name, read again: present → upserted, gone →
 * removed) instead of reading all instances: at 10,000 instances under churn, reading every row once per index was
 * most of the console's CPU (tests/bench/FINDINGS.md). A full read when there is no state yet, when the events after
 * the state's index may have been pruned (the oldest kept event is newer than it), and every FULL_READ_EVERY_MS as
 * a safety net.
 */
interface RegistryState {
  index: number;
  at: number;
  byService: Map<string, Map<string, SelectableInstance>>;
}

const FULL_READ_EVERY_MS = 60_000;

interface Changes {
  /** The stable index the read was taken at (registry-index.ts). */
  index: number;
  /** Null for a full read (the instances below are all of them). */
  touched: string[] | null;
  rows: InstanceTuple[];
}

/**
 * The stable index and the instances changed since `since` (all of them for a full read), in one round trip: the
 * SQL function registry_read takes the index's lock, then reads (migration 20261204183500_registry_stable_index).
 * One statement, because under registration churn every statement queues for a pooled connection behind the
 * registrations, and a build that needed two waited twice. As one JSON text (one row, one JSON.parse), not a row per
 * instance: per-row parsing was most of the console's CPU (h-reg).
 */
async function readChanges(since: RegistryState | null): Promise<Changes> {
  const prisma = await getPrisma();
  const read = async (from: number | null): Promise<Changes & { oldest: number | null }> => {
    const [row] = await prisma.$queryRaw<{ changes: string }[]>`SELECT registry_read(${from}::bigint) AS changes`;
    const changes = JSON.parse(row!.changes) as Changes & { oldest: number | null };
    registrySignal.publish(changes.index);
    return changes;
  };
  if (since && Date.now() - since.at < FULL_READ_EVERY_MS) {
    const changes = await read(since.index);
    // Events after `since` are all still there when an event at or before it is (pruning removes the oldest).
    if (changes.oldest !== null && changes.oldest <= since.index) return changes;
    if (changes.oldest === null && since.index === 0) return changes;
  }
  return read(null);
}

/** Applies the changes to the state (a new state for a full read); returns the services whose instances changed. */
function apply(
  state: RegistryState | null,
  changes: Changes,
  index: number,
): { state: RegistryState; services: Set<string> | null } {
  if (changes.touched === null || state === null) {
    const byService = new Map<string, Map<string, SelectableInstance>>();
    for (const t of changes.rows) {
      const ids = byService.get(t[1]) ?? new Map<string, SelectableInstance>();
      ids.set(t[0], toSelectable(t));
      byService.set(t[1], ids);
    }
    return { state: { index, at: Date.now(), byService }, services: null };
  }
  const services = new Set<string>();
  const present = new Map(changes.rows.map((t) => [t[0], t] as const));
  for (const id of changes.touched) {
    // Wherever the instance was (a registration may move it to another service), it goes; then back where it is.
    for (const [service, ids] of state.byService) if (ids.delete(id)) services.add(service);
    const t = present.get(id);
    if (!t) continue;
    const ids = state.byService.get(t[1]) ?? new Map<string, SelectableInstance>();
    ids.set(id, toSelectable(t));
    state.byService.set(t[1], ids);
    services.add(t[1]);
  }
  state.index = index;
  return { state, services };
}

const g3 = globalThis as unknown as { __signalboxRegistryState?: { current: RegistryState | null } };
const registry = (g3.__signalboxRegistryState ??= { current: null });

async function build(previous: EncodedEndpoints | null): Promise<EncodedEndpoints> {
  const [running, changes] = await Promise.all([runningServices(), readChanges(registry.current)]);
  const index = changes.index;
  const { state, services: changed } = apply(registry.current, changes, index);
  registry.current = state;
  const version = running.version;
  let clusters: Record<string, Endpoint[]>;
  if (previous && previous.version === version && changed !== null) {
    // Same running config: only the clusters of services whose instances changed are computed again.
    clusters = { ...previous.clusters };
    const touched = running.services.filter((s) => changed.has(s.name));
    for (const svc of touched) for (const ver of svc.versions) delete clusters[`${svc.name}/${ver.name}`];
    Object.assign(
      clusters,
      registeredEndpoints(
        touched,
        touched.flatMap((s) => [...(state.byService.get(s.name)?.values() ?? [])]),
      ),
    );
  } else {
    clusters = registeredEndpoints(
      running.services,
      [...state.byService.values()].flatMap((ids) => [...ids.values()]),
    );
  }
  return { key: `${version}:${index}`, version, index, clusters, scoped: new Map() };
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

/** Built at the newest config version and at least the registry index this process has heard of. */
const fresh = (e: EncodedEndpoints | null): e is EncodedEndpoints =>
  e !== null && e.version === (versionSignal.newest || e.version) && e.index >= registrySignal.index;

/**
 * Builds start at least this far apart. Under churn builds run back to back, and once a build became cheap
 * (incremental) they ran ~5 a second: the barrier of each (registry-index.ts) held new registrations back and the
 * per-scope hashing took the console's CPU from them, so registrations queued (tests/bench/FINDINGS.md, h-perf).
 * 200 ms keeps propagation well inside its 1 s target and bounds that cost.
 */
const MIN_BUILD_INTERVAL_MS = 200;
let lastBuildStart = 0;

function start(): Promise<EncodedEndpoints> {
  const wait = Math.max(0, lastBuildStart + MIN_BUILD_INTERVAL_MS - Date.now());
  lastBuildStart = Date.now() + wait;
  const p = new Promise((resolve) => setTimeout(resolve, wait))
    .then(() => build(cache.last))
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
  if (fresh(cache.last)) return Promise.resolve(cache.last);
  if (!cache.inflight) return start();
  cache.queued ??= cache.inflight
    .catch(() => undefined)
    .then(() => {
      cache.queued = null;
      return fresh(cache.last) ? cache.last : (cache.inflight ?? start());
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
