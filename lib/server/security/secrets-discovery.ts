import "server-only";
import {
  contentHash,
  ROOT_CA_SECRET_NAME,
  secretNamesForProxy,
  type ProxySecret,
  type SecretsPollQuery,
  type SecretsResponse,
  type SnapshotConfig,
} from "@/lib/core/index.ts";
import { latestVersionNumber } from "@/lib/server/config/publish.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { unauthorized } from "@/lib/server/http/errors.ts";
import type { ProxyIdentity } from "@/lib/server/xds/proxy-auth.ts";
import { stillValidBatched } from "@/lib/server/xds/revocation-check.ts";
import { encodedSnapshot } from "@/lib/server/xds/snapshot-bytes.ts";
import { versionSignal } from "@/lib/server/xds/version-signal.ts";
import { trustBundle } from "./ca.ts";
import { unseal } from "./sealing.ts";
import { secretsSignal } from "./secrets-signal.ts";
import { keyContext } from "./tls-secrets.ts";

const EMPTY: SnapshotConfig = { listeners: [], virtualHosts: [], clusters: [] };

/** The running config, from the snapshot bytes cache the long-polls share (parsed once per version and process). */
async function latestConfig(): Promise<{ version: number; config: SnapshotConfig }> {
  const version = versionSignal.newest || (await latestVersionNumber(await getPrisma()));
  const encoded = version ? await encodedSnapshot(version) : null;
  return encoded ? { version, config: encoded.config } : { version: 0, config: EMPTY };
}

async function loadSecrets(names: readonly string[]): Promise<SecretsResponse> {
  const prisma = await getPrisma();
  const rows = names.length ? await prisma.tlsSecret.findMany({ where: { name: { in: [...names] } } }) : [];
  const secrets: ProxySecret[] = rows.map((r) => ({
    name: r.name,
    certChainPem: r.certChainPem,
    privateKeyPem: unseal(r.sealedKey, keyContext(r.name)),
    ...(r.caBundlePem ? { caBundlePem: r.caBundlePem } : {}),
    notAfter: r.notAfter.toISOString(),
  }));
  secrets.push({ name: ROOT_CA_SECRET_NAME, caBundlePem: (await trustBundle()).join("") });
  secrets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { hash: contentHash(secrets), secrets };
}

/**
 * A publish wakes every held secrets poll at once; without sharing, each would read the secrets, unseal the keys and
 * hash the set again. The set depends only on the config version, the gateway and the secrets generation (bumped,
 * through NOTIFY on every instance, whenever a secret or the CA changes), so it is computed once per such key and
 * shared. Failed loads are forgotten so the next poll retries.
 */
const SET_CACHE_SIZE = 64;
const g = globalThis as unknown as { __signalboxSecretSets?: Map<string, Promise<SecretsResponse>> };
const setCache = (g.__signalboxSecretSets ??= new Map());

function sharedSecrets(key: string, load: () => Promise<SecretsResponse>): Promise<SecretsResponse> {
  const hit = setCache.get(key);
  if (hit) return hit;
  const loading = load();
  setCache.set(key, loading);
  loading.catch(() => setCache.delete(key));
  // Oldest first in a Map's order: the entries of superseded versions and generations go first.
  while (setCache.size > SET_CACHE_SIZE) setCache.delete(setCache.keys().next().value!);
  return loading;
}

/** What this proxy may hold now: the secrets the running snapshot names for its gateway, decrypted, plus ROOTCA. */
export async function secretsFor(gateway: string | null): Promise<{ version: number; response: SecretsResponse }> {
  // Read before the config: a change that lands while the set loads gets a new key, so it is never cached as old.
  const generation = secretsSignal.current;
  const { version, config } = await latestConfig();
  const response = await sharedSecrets(`${version}\n${generation}\n${gateway ?? ""}`, () =>
    loadSecrets(secretNamesForProxy(config, gateway)),
  );
  return { version, response };
}

/** Resolves when a secret, the CA or the running config changes, or the wait ends (false). */
function waitForChange(version: number, timeoutMs: number, abort: AbortSignal): Promise<boolean> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  abort.addEventListener("abort", onAbort, { once: true });
  return Promise.race([
    secretsSignal.wait(secretsSignal.current, timeoutMs, stop.signal),
    versionSignal.wait(version, timeoutMs, stop.signal).then((v) => v !== null),
  ]).finally(() => {
    stop.abort();
    abort.removeEventListener("abort", onAbort);
  });
}

/**
 * GET /api/xds/secrets: answers at once when the proxy's set differs from `query.hash`, else holds the request
 * until a secret, the CA or the config changes (or the wait ends: null, 304), like the snapshot long-poll.
 */
export async function pollSecrets(
  gateway: string | null,
  identity: ProxyIdentity,
  query: SecretsPollQuery,
  abort: AbortSignal,
): Promise<SecretsResponse | null> {
  const first = await secretsFor(gateway);
  if (first.response.hash !== query.hash) return first.response;
  const cap = env().SIGNALBOX_POLL_WAIT_MS;
  const wait = Math.round(Math.min(query.waitMs ?? cap, cap) * (0.8 + Math.random() * 0.2));
  const deadline = Date.now() + wait;
  // The config version this poll has looked at: waiting "for a version newer than" an older one would return at once,
  // and the loop would re-read the database without pause until the deadline.
  let seen = first.version;
  while (!abort.aborted) {
    const left = deadline - Date.now();
    if (left <= 0 || !(await waitForChange(seen, left, abort))) return null;
    if (!(await stillValidBatched(identity))) throw unauthorized("The proxy credential was revoked");
    // A change elsewhere (another gateway's secret) wakes every waiter; answer only when this set changed.
    const next = await secretsFor(gateway);
    if (next.response.hash !== query.hash) return next.response;
    seen = next.version;
  }
  return null;
}
