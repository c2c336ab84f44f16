import "server-only";
import {
  contentHash,
  ROOT_CA_SECRET_NAME,
  secretNamesForProxy,
  SnapshotConfigSchema,
  type ProxySecret,
  type SecretsPollQuery,
  type SecretsResponse,
  type SnapshotConfig,
} from "@/lib/core/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { unauthorized } from "@/lib/server/http/errors.ts";
import { stillValid, type ProxyIdentity } from "@/lib/server/xds/proxy-auth.ts";
import { versionSignal } from "@/lib/server/xds/version-signal.ts";
import { trustBundle } from "./ca.ts";
import { unseal } from "./sealing.ts";
import { secretsSignal } from "./secrets-signal.ts";
import { keyContext } from "./tls-secrets.ts";

const EMPTY: SnapshotConfig = { listeners: [], virtualHosts: [], clusters: [] };

async function latestConfig(): Promise<{ version: number; config: SnapshotConfig }> {
  const prisma = await getPrisma();
  const row = await prisma.configVersion.findFirst({ orderBy: { version: "desc" } });
  if (!row) return { version: 0, config: EMPTY };
  return { version: row.version, config: SnapshotConfigSchema.parse(row.snapshot) };
}

/** What this proxy may hold now: the secrets the running snapshot names for its gateway, decrypted, plus ROOTCA. */
export async function secretsFor(gateway: string | null): Promise<{ version: number; response: SecretsResponse }> {
  const { version, config } = await latestConfig();
  const names = secretNamesForProxy(config, gateway);
  const prisma = await getPrisma();
  const rows = names.length ? await prisma.tlsSecret.findMany({ where: { name: { in: names } } }) : [];
  const secrets: ProxySecret[] = rows.map((r) => ({
    name: r.name,
    certChainPem: r.certChainPem,
    privateKeyPem: unseal(r.sealedKey, keyContext(r.name)),
    ...(r.caBundlePem ? { caBundlePem: r.caBundlePem } : {}),
    notAfter: r.notAfter.toISOString(),
  }));
  secrets.push({ name: ROOT_CA_SECRET_NAME, caBundlePem: (await trustBundle()).join("") });
  secrets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { version, response: { hash: contentHash(secrets), secrets } };
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
    if (!(await stillValid(identity))) throw unauthorized("The proxy credential was revoked");
    // A change elsewhere (another gateway's secret) wakes every waiter; answer only when this set changed.
    const next = await secretsFor(gateway);
    if (next.response.hash !== query.hash) return next.response;
    seen = next.version;
  }
  return null;
}
