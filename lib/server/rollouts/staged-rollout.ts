import "server-only";
import type { MeshConfig } from "@/lib/core/index.ts";
import type { RolloutListResponse, StagedRollout, User } from "@/lib/core/api/index.ts";
import {
  describePlan,
  firstStage,
  RolloutPlanSchema,
  touchedRoutes,
  type RolloutPlan,
  type RouteFigures,
} from "@/lib/core/rollout/index.ts";
import { MeshConfigSchema, emptyMesh } from "@/lib/core/index.ts";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/server/db/client.ts";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { lockPublishing, publishMesh } from "@/lib/server/config/publish.ts";
import { conflict, notFound } from "@/lib/server/http/errors.ts";
import { NOTIFY_CHANNEL } from "@/lib/server/xds/version-signal.ts";
import { defaultRolloutPlan } from "./default-plan.ts";
import { fleet } from "./fleet.ts";
import { routeFigures } from "./gate-metrics.ts";
import { ACTIVE_ROLLOUT_STATES, signalVersion } from "./targets.ts";

type Tx = Prisma.TransactionClient;
type RolloutRow = NonNullable<Awaited<ReturnType<Tx["rollout"]["findUnique"]>>>;

interface Baseline {
  routes: Record<string, RouteFigures>;
}

const baselineOf = (row: RolloutRow): Baseline => row.baseline as unknown as Baseline;

/** Tells every console instance (and this one) that a rollout changed: their polls re-check their targets. */
async function announce(tx: Tx, version: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${NOTIFY_CHANNEL}, ${String(version)})`;
}

/**
 * Records the staged rollout of a version just published in the caller's transaction (nothing for all-at-once).
 * The first stage's proxies are chosen now; the baseline is the touched routes' figures over one bake before it.
 */
export async function startRollout(
  tx: Tx,
  published: { version: number; before: MeshConfig; after: MeshConfig },
  plan: RolloutPlan,
  actorId: string | null,
): Promise<void> {
  if (plan.mode === "all-at-once") return;
  const nodes = firstStage(plan, await fleet(tx));
  const routes = touchedRoutes(published.before, published.after);
  const baseline: Baseline = { routes: routeFigures(routes, Math.max(plan.bakeSeconds, 10) * 1000) };
  const empty = nodes.length === 0;
  await tx.rollout.create({
    data: {
      version: published.version,
      previousVersion: published.version - 1,
      plan: plan as unknown as Prisma.InputJsonValue,
      state: empty ? "STALLED" : "BAKING",
      reason: empty ? `no proxy is selected by the first stage (${describePlan(plan)})` : null,
      stageNodes: nodes,
      baseline: baseline as unknown as Prisma.InputJsonValue,
    },
  });
  await audit(tx, {
    actorId,
    action: "rollout.started",
    entityType: "config_version",
    entityId: String(published.version),
    details: { plan: describePlan(plan), firstStage: nodes },
  });
}

/**
 * A version in a staged rollout must finish or be aborted before another is published: a newer version would reach
 * every proxy at once and carry the staged change past its bake. `then` says what the caller can do meanwhile.
 */
export async function assertNoActiveRollout(tx: Tx, then = ""): Promise<void> {
  const active = await tx.rollout.findFirst({ where: { state: { in: ACTIVE_ROLLOUT_STATES } } });
  if (active)
    throw conflict(
      `Version ${active.version} is still rolling out (${active.state.toLowerCase()}${active.reason ? `: ${active.reason}` : ""}); resume or abort it first${then}`,
    );
}

async function view(db: Tx, row: RolloutRow): Promise<StagedRollout> {
  const plan = RolloutPlanSchema.parse(row.plan);
  const stageNodes = new Set(row.stageNodes as string[]);
  const bakeEnds = new Date(row.stageStartedAt.getTime() + plan.bakeSeconds * 1000);
  return {
    version: row.version,
    previousVersion: row.previousVersion,
    plan,
    planText: describePlan(plan),
    stage: row.stage,
    state: row.state as StagedRollout["state"],
    reason: row.reason,
    stageStartedAt: row.stageStartedAt.toISOString(),
    bakeEndsAt: row.state === "BAKING" ? bakeEnds.toISOString() : null,
    touchedRoutes: Object.keys(baselineOf(row).routes ?? {}).sort(),
    abortVersion: row.abortVersion,
    proxies: (await fleet(db)).map((n) => ({
      id: n.id,
      labels: n.labels,
      inFirstStage: stageNodes.has(n.id),
      appliedVersion: n.appliedVersion,
    })),
  };
}

async function findRollout(db: Tx, version: number): Promise<RolloutRow> {
  const row = await db.rollout.findUnique({ where: { version } });
  if (!row) throw notFound(`Version ${version} has no staged rollout`);
  return row;
}

export async function getRollout(version: number): Promise<StagedRollout> {
  const db = await getPrisma();
  return view(db, await findRollout(db, version));
}

export async function listRollouts(): Promise<RolloutListResponse> {
  const db = await getPrisma();
  const rows = await db.rollout.findMany({ orderBy: { version: "desc" }, take: 20 });
  return { ...(await defaultRolloutPlan(db)), rollouts: await Promise.all(rows.map((r) => view(db, r))) };
}

/** The staged rollout of the version a change produced, if it had one (the change page shows its stages). */
export async function rolloutOfVersion(version: number): Promise<StagedRollout | null> {
  const db = await getPrisma();
  const row = await db.rollout.findUnique({ where: { version } });
  return row ? view(db, row) : null;
}

/** A stalled rollout bakes its first stage again; the gates judge only what happens from now on. */
export async function resumeRollout(user: User, version: number, note: string): Promise<StagedRollout> {
  const db = await getPrisma();
  await db.$transaction(async (tx) => {
    const row = await findRollout(tx, version);
    if (row.state !== "STALLED") throw conflict(`Cannot resume a rollout that is ${row.state}`);
    await tx.rollout.update({
      where: { version },
      data: { state: "BAKING", reason: null, stageStartedAt: new Date() },
    });
    await audit(tx, {
      actorId: user.id,
      action: "rollout.resumed",
      entityType: "config_version",
      entityId: String(version),
      details: { note, stalledBecause: row.reason },
    });
    await announce(tx, version);
  });
  await signalVersion(version);
  return getRollout(version);
}

/**
 * Aborting publishes the previous version's config again as a new version, to every proxy at once: version numbers
 * stay increasing (every proxy takes it like any new snapshot), the running mesh the editors start from is the
 * previous one again, and the audit log shows who aborted.
 */
export async function abortRollout(user: User, version: number, note: string): Promise<StagedRollout> {
  const db = await getPrisma();
  const restored = await db.$transaction(
    async (tx) => {
      await lockPublishing(tx);
      const row = await findRollout(tx, version);
      if (!ACTIVE_ROLLOUT_STATES.includes(row.state)) throw conflict(`Cannot abort a rollout that is ${row.state}`);
      const prev = await tx.configVersion.findUnique({ where: { version: row.previousVersion } });
      const mesh = prev ? MeshConfigSchema.parse(prev.mesh) : emptyMesh();
      const published = await publishMesh(tx, mesh, { actorId: user.id, changeSetId: null });
      await tx.rollout.update({
        where: { version },
        data: {
          state: "ABORTED",
          abortVersion: published.version,
          reason: `aborted by ${user.username}${note ? `: ${note}` : ""}${row.reason ? ` (stalled: ${row.reason})` : ""}`,
        },
      });
      await audit(tx, {
        actorId: user.id,
        action: "rollout.aborted",
        entityType: "config_version",
        entityId: String(version),
        details: { note, restoredVersion: row.previousVersion, as: published.version },
      });
      return published.version;
    },
    { timeout: 20_000 },
  );
  await signalVersion(restored);
  return getRollout(version);
}

/** Moves a baking rollout on (the monitor's step): stall with a reason, or let the rest of the fleet have it. */
export async function transition(
  version: number,
  to: { state: "STALLED"; reason: string } | { state: "COMPLETED" },
): Promise<boolean> {
  const db = await getPrisma();
  const moved = await db.$transaction(async (tx) => {
    // Conditional: when two console instances judge the same stage, one of them moves it.
    const updated = await tx.rollout.updateMany({
      where: { version, state: "BAKING" },
      data: to.state === "STALLED" ? { state: "STALLED", reason: to.reason } : { state: "COMPLETED", stage: 1 },
    });
    if (updated.count === 0) return false;
    await audit(tx, {
      actorId: null,
      action: to.state === "STALLED" ? "rollout.stalled" : "rollout.completed",
      entityType: "config_version",
      entityId: String(version),
      details: to.state === "STALLED" ? { reason: to.reason } : {},
    });
    await announce(tx, version);
    return true;
  });
  if (moved) await signalVersion(version);
  return moved;
}

export { baselineOf, type RolloutRow };
