import "server-only";
import {
  dampedStep,
  HealthStatusSchema,
  instanceLabels,
  worstStatus,
  type HealthStatus,
  type Registration,
  type RegistryInstanceView,
} from "@/lib/core/index.ts";
import { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/server/db/client.ts";
import { WRITER_LOCK } from "./registry-index.ts";
import { announceRegistryIndex } from "./registry-notify.ts";

type Tx = Prisma.TransactionClient;

/** Who changes the registry: recorded in its event log, and for tokens the scope that limits them. */
export interface RegistryActor {
  /** A registration token's name, a username, or "console" (health checks). */
  name: string;
  source: "consul" | "cli" | "api" | "console";
  tokenId: string | null;
}

/**
 * Appends a registry event and returns its id, the new index. The id is handed out under the registry writer lock
 * (registry-index.ts: the INSERT's WHERE takes it before the row's default nextval), held to the commit, so a reader
 * of the stable index never skips an event that commits after a newer one.
 */
async function event(
  tx: Tx,
  kind: "register" | "deregister" | "health",
  instanceId: string,
  service: string,
  detail: Prisma.InputJsonValue,
  actor: string,
): Promise<number> {
  const rows = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO registry_events (kind, instance_id, service, detail, actor)
    SELECT ${kind}::text, ${instanceId}::text, ${service}::text, ${JSON.stringify(detail)}::jsonb, ${actor}::text
    WHERE ${Prisma.raw(WRITER_LOCK)}
    RETURNING id`;
  return Number(rows[0]!.id);
}

/** Runs a registry change and, once it committed, announces its index (registry-notify.ts). */
async function change<T extends { index: number }>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const prisma = await getPrisma();
  // Under a burst of registrations, a transaction may wait for a connection longer than Prisma's 2 s default.
  const result = await prisma.$transaction(fn, { maxWait: 15_000, timeout: 20_000 });
  announceRegistryIndex(result.index);
  return result;
}

/**
 * Registers an instance, or replaces the registration with the same id (as a Consul agent does): its checks are
 * replaced by the ones given, except that a check already known under the same id keeps its state and output, so
 * re-registering a healthy instance does not take it out of traffic.
 */
export async function registerInstance(reg: Registration, actor: RegistryActor): Promise<{ index: number }> {
  const labels = instanceLabels(reg.tags, reg.meta);
  if (reg.checks.length === 0) return registerWithoutChecks(reg, labels, actor);
  return change(async (tx) => {
    const before = await tx.registryInstance.findUnique({ where: { id: reg.id }, include: { checks: true } });
    const index = await event(
      tx,
      "register",
      reg.id,
      reg.service,
      { address: reg.address, port: reg.port, labels, checks: reg.checks.map((c) => c.id), replaced: before !== null },
      actor.name,
    );
    if (before && before.service !== reg.service) await tx.registryInstance.delete({ where: { id: reg.id } }); // moved to another service: start afresh
    const kept = new Map((before?.service === reg.service ? before.checks : []).map((c) => [c.id, c]));
    const statuses = reg.checks.map((c) => HealthStatusSchema.parse(kept.get(c.id)?.status ?? c.status));
    const data = {
      service: reg.service,
      address: reg.address,
      port: reg.port,
      tags: reg.tags,
      meta: reg.meta,
      labels,
      weight: reg.weight,
      health: worstStatus(statuses),
      source: actor.source === "console" ? "api" : actor.source,
      tokenId: actor.tokenId,
      modifyIndex: index,
      updatedAt: new Date(),
    };
    await tx.registryInstance.upsert({
      where: { id: reg.id },
      create: { id: reg.id, ...data, createIndex: index },
      update: data,
    });
    const ids = reg.checks.map((c) => c.id);
    // Checks the new registration drops, and (a check id names one check in the whole registry, as on a Consul
    // agent) another instance's checks under the ids it takes. Skipped when there is nothing to drop or take.
    if (ids.length > 0 || (before?.checks.length ?? 0) > 0)
      await tx.registryCheck.deleteMany({
        where: {
          OR: [
            { instanceId: reg.id, id: { notIn: ids } },
            { id: { in: ids }, instanceId: { not: reg.id } },
          ],
        },
      });
    const now = new Date();
    for (const [i, c] of reg.checks.entries()) {
      const prev = kept.get(c.id);
      const definition = {
        name: c.name,
        kind: c.kind,
        target: c.target,
        method: c.method,
        intervalMs: c.intervalMs,
        timeoutMs: c.timeoutMs,
        ttlMs: c.ttlMs ?? null,
        deregisterAfterMs: c.deregisterAfterMs ?? null,
        successBeforePassing: c.successBeforePassing,
        failuresBeforeCritical: c.failuresBeforeCritical,
        notes: c.notes,
      };
      if (prev) {
        await tx.registryCheck.update({ where: { id: c.id }, data: { ...definition, modifyIndex: index } });
        continue;
      }
      const status = statuses[i]!;
      await tx.registryCheck.create({
        data: {
          id: c.id,
          instanceId: reg.id,
          ...definition,
          status,
          criticalSince: status === "critical" ? now : null,
          // HTTP and TCP checks run at once, so a healthy instance joins traffic without waiting an interval.
          nextRunAt: now,
          lastUpdateAt: now,
          createIndex: index,
          modifyIndex: index,
        },
      });
    }
    return { index };
  });
}

/**
 * The common case at scale (instances without checks, or churn): one statement, atomic on its own, instead of an
 * interactive transaction of six round trips: the event (whose id is the new index, handed out under the writer
 * lock as in `event`), the instance upserted with it, and any checks of an earlier registration dropped; announced
 * once it committed.
 */
async function registerWithoutChecks(
  reg: Registration,
  labels: Record<string, string>,
  actor: RegistryActor,
): Promise<{ index: number }> {
  const prisma = await getPrisma();
  const source = actor.source === "console" ? "api" : actor.source;
  const detail = JSON.stringify({ address: reg.address, port: reg.port, labels, checks: [] });
  const rows = await prisma.$queryRaw<{ index: number }[]>`
    WITH old AS (SELECT 1 FROM registry_instances WHERE id = ${reg.id}::text),
    ev AS (
      INSERT INTO registry_events (kind, instance_id, service, detail, actor)
      SELECT 'register', ${reg.id}::text, ${reg.service}::text,
             ${detail}::jsonb || jsonb_build_object('replaced', EXISTS (SELECT 1 FROM old)), ${actor.name}::text
      WHERE ${Prisma.raw(WRITER_LOCK)}
      RETURNING id
    ),
    gone AS (DELETE FROM registry_checks WHERE instance_id = ${reg.id}::text),
    up AS (
      INSERT INTO registry_instances (id, service, address, port, tags, meta, labels, weight, health, source, token_id,
                                      create_index, modify_index, created_at, updated_at)
      SELECT ${reg.id}::text, ${reg.service}::text, ${reg.address}::text, ${reg.port}::int, ${JSON.stringify(reg.tags)}::jsonb,
             ${JSON.stringify(reg.meta)}::jsonb, ${JSON.stringify(labels)}::jsonb, ${reg.weight}::int, 'passing',
             ${source}::text, ${actor.tokenId}::text, ev.id, ev.id, now(), now()
      FROM ev
      ON CONFLICT (id) DO UPDATE SET service = EXCLUDED.service, address = EXCLUDED.address, port = EXCLUDED.port,
        tags = EXCLUDED.tags, meta = EXCLUDED.meta, labels = EXCLUDED.labels, weight = EXCLUDED.weight,
        health = 'passing', source = EXCLUDED.source, token_id = EXCLUDED.token_id,
        modify_index = EXCLUDED.modify_index, updated_at = EXCLUDED.updated_at
      RETURNING modify_index
    )
    SELECT modify_index AS index FROM up`;
  const index = Number(rows[0]!.index);
  announceRegistryIndex(index);
  return { index };
}

/** Removes an instance and its checks (they cascade) in one statement; null when no instance has this id. */
export async function deregisterInstance(id: string, actor: RegistryActor): Promise<{ index: number } | null> {
  const prisma = await getPrisma();
  const rows = await prisma.$queryRaw<{ index: number }[]>`
    WITH d AS (DELETE FROM registry_instances WHERE id = ${id}::text RETURNING service, address, port),
    ev AS (
      INSERT INTO registry_events (kind, instance_id, service, detail, actor)
      SELECT 'deregister', ${id}::text, d.service, jsonb_build_object('address', d.address, 'port', d.port),
             ${actor.name}::text
      FROM d
      WHERE ${Prisma.raw(WRITER_LOCK)}
      RETURNING id
    )
    SELECT id AS index FROM ev`;
  if (rows.length === 0) return null;
  const index = Number(rows[0]!.index);
  announceRegistryIndex(index);
  return { index };
}

export async function instanceService(id: string): Promise<string | null> {
  const prisma = await getPrisma();
  return (await prisma.registryInstance.findUnique({ where: { id }, select: { service: true } }))?.service ?? null;
}

export async function checkOwner(
  checkId: string,
): Promise<{ instanceId: string; service: string; kind: string } | null> {
  const prisma = await getPrisma();
  const row = await prisma.registryCheck.findUnique({ where: { id: checkId }, include: { instance: true } });
  return row ? { instanceId: row.instanceId, service: row.instance.service, kind: row.kind } : null;
}

/**
 * Records one check result. `damped`: through the flap damper (probes run by the console); TTL updates from the
 * instance set the state at once, as in Consul. A state change of the check, or of the instance's health, is an
 * event (it moves the index and wakes the proxies); a result that changes only the output is stored quietly.
 */
export async function recordCheckResult(
  checkId: string,
  result: HealthStatus,
  output: string,
  opts: { damped: boolean; actor: string; nextRunAt?: Date },
): Promise<{ index: number; changed: boolean } | null> {
  const prisma = await getPrisma();
  const outcome = await prisma.$transaction(async (tx) => {
    const check = await tx.registryCheck.findUnique({
      where: { id: checkId },
      include: { instance: { include: { checks: true } } },
    });
    if (!check) return null;
    const now = new Date();
    const current = HealthStatusSchema.parse(check.status);
    const next = opts.damped
      ? dampedStep(
          {
            status: current,
            streak: check.streak,
            streakStatus: HealthStatusSchema.safeParse(check.streakStatus).data ?? "",
          },
          result,
          check,
        )
      : { status: result, streak: 0, streakStatus: "" as const };
    const quiet = {
      output: output.slice(0, 4096),
      streak: next.streak,
      streakStatus: next.streakStatus,
      lastRunAt: opts.damped ? now : check.lastRunAt,
      lastUpdateAt: now,
      ...(opts.nextRunAt ? { nextRunAt: opts.nextRunAt } : {}),
    };
    if (next.status === current) {
      await tx.registryCheck.update({ where: { id: checkId }, data: quiet });
      return { index: 0, changed: false };
    }
    const statuses = check.instance.checks.map((c) =>
      c.id === checkId ? next.status : HealthStatusSchema.parse(c.status),
    );
    const health = worstStatus(statuses);
    const index = await event(
      tx,
      "health",
      check.instanceId,
      check.instance.service,
      { check: checkId, from: current, to: next.status, output: output.slice(0, 500), instanceHealth: health },
      opts.actor,
    );
    await tx.registryCheck.update({
      where: { id: checkId },
      data: {
        ...quiet,
        status: next.status,
        modifyIndex: index,
        criticalSince: next.status === "critical" ? now : null,
      },
    });
    await tx.registryInstance.update({
      where: { id: check.instanceId },
      data: { health, modifyIndex: index, updatedAt: now },
    });
    return { index, changed: true };
  });
  if (outcome?.changed) announceRegistryIndex(outcome.index);
  return outcome;
}

type InstanceRow = Prisma.RegistryInstanceGetPayload<{ include: { checks: true } }>;

const asStrings = (v: Prisma.JsonValue): string[] => (Array.isArray(v) ? v.map(String) : []);
const asRecord = (v: Prisma.JsonValue): Record<string, string> =>
  v && typeof v === "object" && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]))
    : {};

export function instanceView(
  row: InstanceRow,
  tokenNames: ReadonlyMap<string, string>,
  versions: (service: string, labels: Record<string, string>) => string[],
): RegistryInstanceView {
  const labels = asRecord(row.labels);
  return {
    id: row.id,
    service: row.service,
    address: row.address,
    port: row.port,
    tags: asStrings(row.tags),
    meta: asRecord(row.meta),
    labels,
    weight: row.weight,
    health: HealthStatusSchema.parse(row.health),
    source: row.source === "consul" || row.source === "cli" ? row.source : "api",
    tokenName: row.tokenId ? (tokenNames.get(row.tokenId) ?? null) : null,
    versions: versions(row.service, labels),
    registeredAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    createIndex: row.createIndex,
    modifyIndex: row.modifyIndex,
    checks: row.checks
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((c) => ({
        id: c.id,
        name: c.name,
        kind: c.kind === "tcp" || c.kind === "ttl" ? c.kind : "http",
        target: c.target,
        intervalMs: c.intervalMs,
        timeoutMs: c.timeoutMs,
        ttlMs: c.ttlMs,
        deregisterAfterMs: c.deregisterAfterMs,
        successBeforePassing: c.successBeforePassing,
        failuresBeforeCritical: c.failuresBeforeCritical,
        status: HealthStatusSchema.parse(c.status),
        output: c.output,
        notes: c.notes,
        lastRunAt: c.lastRunAt?.toISOString() ?? null,
        createIndex: c.createIndex,
        modifyIndex: c.modifyIndex,
      })),
  };
}

export async function instanceRows(where: Prisma.RegistryInstanceWhereInput = {}): Promise<InstanceRow[]> {
  const prisma = await getPrisma();
  return prisma.registryInstance.findMany({
    where,
    include: { checks: true },
    orderBy: [{ service: "asc" }, { id: "asc" }],
  });
}
