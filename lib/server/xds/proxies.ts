import "server-only";
import { createHash } from "node:crypto";
import { API_ERRORS, type Ack, type Nack, type ProxyListResponse, type ProxyStatus } from "@/lib/core/index.ts";
import type { Prisma } from "@/lib/generated/prisma/client";
import { effectiveLabels, LabelsSchema, type Labels } from "@/lib/core/rollout/index.ts";
import { rolloutTargets } from "@/lib/server/rollouts/targets.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { latestVersionNumber } from "@/lib/server/config/publish.ts";
import { badRequest } from "@/lib/server/http/errors.ts";
import { writeAck, writePoll } from "./node-reports.ts";

type Tx = Prisma.TransactionClient;

/** Who reports: the node and gateway the request's credential speaks for (proxy-auth.ts `reportingAs`). */
export interface Reporter {
  node: string;
  gateway: string | null;
}

export const forgetAfterMs = () => env().SIGNALBOX_PROXY_FORGET_AFTER_MINUTES * 60_000;

/** A 400 naming one body field, as the handler's own schema errors do. */
const invalidField = (field: string, message: string) =>
  badRequest(`${field}: ${message}`, [{ path: [field], message }], API_ERRORS.INVALID_BODY);

/**
 * Every poll is a heartbeat. A node seen for the first time, or again after it had left the Proxies list, gets an
 * audit entry: the audit log keeps the history of nodes the list forgets. The poll carries the proxy's `--label`s,
 * which staged rollouts select on. Written in batches (node-reports.ts).
 */
export async function recordPoll(who: Reporter, labels: Labels = {}): Promise<void> {
  await writePoll({ node: who.node, gateway: who.gateway, at: new Date(), labels }, forgetAfterMs());
}

// Versions never change once published, so their hashes can be remembered: an ACK costs no read of its version. The
// promise is what is kept, so the fleet's burst of ACKs right after a publish shares one read.
const g = globalThis as unknown as { __signalboxVersionHashes?: Map<number, Promise<string | null>> };
const versionHashes = (g.__signalboxVersionHashes ??= new Map<number, Promise<string | null>>());

function hashOfVersion(version: number): Promise<string | null> {
  const known = versionHashes.get(version);
  if (known !== undefined) return known;
  const loading = getPrisma()
    .then((db) => db.configVersion.findUnique({ where: { version }, select: { hash: true } }))
    .then((row) => row?.hash ?? null);
  versionHashes.set(version, loading);
  // A version that does not exist (yet) or failed to load is not remembered.
  loading.then(
    (h) => h === null && versionHashes.delete(version),
    () => versionHashes.delete(version),
  );
  if (versionHashes.size > 64) versionHashes.delete(versionHashes.keys().next().value!);
  return loading;
}

/**
 * An ACK names a version that exists and carries that version's hash, else 400 naming the field (`fields`: the
 * names the request used, body or poll query): no node is shown synced at a forged version. Answered once the node's
 * row is committed; rows are written in batches of up to 50 ms (node-reports.ts).
 */
export async function recordAck(
  who: Reporter,
  ack: Pick<Ack, "version" | "hash">,
  fields: { version: string; hash: string } = { version: "version", hash: "hash" },
): Promise<void> {
  const hash = await hashOfVersion(ack.version);
  if (hash === null) throw invalidField(fields.version, `config version ${ack.version} does not exist`);
  if (hash !== ack.hash) throw invalidField(fields.hash, `is not the hash of config version ${ack.version}`);
  await writeAck(
    { node: who.node, gateway: who.gateway, at: new Date(), version: ack.version, hash: ack.hash },
    forgetAfterMs(),
  );
}

const errorHash = (error: string) => createHash("sha256").update(error).digest("hex");

/**
 * A NACK names versions that exist (400 otherwise). Each distinct (node, version, error) is recorded once, with an
 * audit entry; identical repeats only raise its count.
 */
export async function recordNack(who: Reporter, nack: Nack): Promise<void> {
  const prisma = await getPrisma();
  const wanted = [nack.version, ...(nack.runningVersion > 0 ? [nack.runningVersion] : [])];
  const found = new Set(
    (await prisma.configVersion.findMany({ where: { version: { in: wanted } }, select: { version: true } })).map(
      (v) => v.version,
    ),
  );
  if (!found.has(nack.version)) throw invalidField("version", `config version ${nack.version} does not exist`);
  if (nack.runningVersion > 0 && !found.has(nack.runningVersion))
    throw invalidField("runningVersion", `config version ${nack.runningVersion} does not exist`);
  const now = new Date();
  const key = { nodeId: who.node, version: nack.version, errorHash: errorHash(nack.error) };
  await prisma.$transaction(async (tx) => {
    const rejection = await tx.proxyRejection.upsert({
      where: { nodeId_version_errorHash: key },
      create: { ...key, error: nack.error, firstAt: now, lastAt: now },
      update: { count: { increment: 1 }, lastAt: now },
    });
    const data = {
      lastSeenAt: now,
      lastError: nack.error,
      lastErrorVersion: nack.version,
      lastErrorAt: now,
      lastErrorCount: rejection.count,
      gateway: who.gateway,
    };
    await tx.proxyNode.upsert({
      where: { id: who.node },
      create: { id: who.node, firstSeenAt: now, ...data },
      update: data,
    });
    if (rejection.count === 1)
      await audit(tx, {
        actorId: null,
        action: "proxy.rejected",
        entityType: "proxy",
        entityId: who.node,
        details: { version: nack.version, error: nack.error },
      });
  });
}

type NodeRow = Awaited<ReturnType<Tx["proxyNode"]["findMany"]>>[number];

// A proxy re-polls at least once per wait; missing two of them means it is gone.
const offlineAfterMs = () => 2 * env().SIGNALBOX_POLL_WAIT_MS + 10_000;
const SYNC_GRACE_MS = 10_000;

function stateOf(node: NodeRow, latest: number, latestAt: Date | null, now: number): ProxyStatus["state"] {
  if (now - node.lastSeenAt.getTime() > offlineAfterMs()) return "offline";
  const applied = node.appliedVersion ?? 0;
  if (node.lastErrorVersion !== null && node.lastErrorVersion > applied && node.lastErrorVersion >= latest)
    return "rejected";
  if (applied >= latest) return "synced";
  return latestAt && now - latestAt.getTime() < SYNC_GRACE_MS ? "syncing" : "stale";
}

/** Nodes seen within SIGNALBOX_PROXY_FORGET_AFTER_MINUTES; older ones are only in the audit log. */
export async function listProxies(): Promise<ProxyListResponse> {
  const db = await getPrisma();
  const now = Date.now();
  const [nodes, latest] = await Promise.all([
    db.proxyNode.findMany({
      where: { lastSeenAt: { gte: new Date(now - forgetAfterMs()) } },
      orderBy: { id: "asc" },
    }),
    latestVersionNumber(db),
  ]);
  const versions = new Set<number>([latest, latest - 1, ...nodes.map((n) => n.appliedVersion ?? 0)]);
  const created = await db.configVersion.findMany({
    where: { version: { in: [...versions] } },
    select: { version: true, createdAt: true },
  });
  const createdAt = new Map(created.map((c) => [c.version, c.createdAt]));
  const proxies = nodes.map((n): ProxyStatus => {
    const publishedAt = n.appliedVersion !== null ? createdAt.get(n.appliedVersion) : undefined;
    // A proxy held back by a staged rollout is synced when it runs the version it is meant to run.
    const target = rolloutTargets.target(n.id, latest);
    const own = LabelsSchema.catch({}).parse(n.labels);
    const fromConsole = LabelsSchema.catch({}).parse(n.consoleLabels);
    return {
      id: n.id,
      gateway: n.gateway,
      labels: effectiveLabels(own, fromConsole, n.gateway),
      consoleLabels: fromConsole,
      state: stateOf(n, target, createdAt.get(target) ?? createdAt.get(latest) ?? null, now),
      appliedVersion: n.appliedVersion,
      appliedHash: n.appliedHash,
      appliedAt: n.appliedAt?.toISOString() ?? null,
      lastSeenAt: n.lastSeenAt.toISOString(),
      lastError: n.lastError,
      lastErrorVersion: n.lastErrorVersion,
      lastErrorCount: n.lastError ? Math.max(1, n.lastErrorCount) : 0,
      // Only meaningful when the proxy was already connected when the version was published.
      propagationMs:
        publishedAt && n.appliedAt && n.firstSeenAt <= publishedAt
          ? Math.max(0, n.appliedAt.getTime() - publishedAt.getTime())
          : null,
    };
  });
  return { latestVersion: latest || null, proxies };
}
