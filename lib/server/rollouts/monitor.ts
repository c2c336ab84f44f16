import "server-only";
import { judgeStage, RolloutPlanSchema } from "@/lib/core/rollout/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { routeFigures } from "./gate-metrics.ts";
import { baselineOf, transition, type RolloutRow } from "./staged-rollout.ts";
import { rolloutTargets } from "./targets.ts";

/**
 * One look at every baking rollout: a NACK from a proxy of the first stage (since the stage started) or a regression
 * of a touched route stalls it with the reason; a stage that baked its full time clean reaches every proxy.
 */
export async function checkRollouts(now = Date.now()): Promise<void> {
  const db = await getPrisma();
  // Also keeps this instance's targets right should a NOTIFY have been lost.
  await rolloutTargets.refresh();
  const baking = await db.rollout.findMany({ where: { state: "BAKING" } });
  for (const row of baking) await checkOne(row, now);
}

async function checkOne(row: RolloutRow, now: number): Promise<void> {
  const db = await getPrisma();
  const plan = RolloutPlanSchema.parse(row.plan);
  const stage = row.stageNodes as string[];
  const since = row.stageStartedAt;
  const nacks = await db.proxyRejection.findMany({
    where: { version: row.version, nodeId: { in: stage }, lastAt: { gte: since } },
    orderBy: { firstAt: "asc" },
    select: { nodeId: true, error: true },
  });
  const elapsed = now - since.getTime();
  const baseline = baselineOf(row).routes ?? {};
  const current = routeFigures(Object.keys(baseline), Math.min(elapsed, plan.bakeSeconds * 1000));
  const verdict = judgeStage(
    nacks.map((n) => ({ node: n.nodeId, error: n.error })),
    baseline,
    current,
    plan.gates,
  );
  if (!verdict.ok) await transition(row.version, { state: "STALLED", reason: verdict.reason });
  else if (elapsed >= plan.bakeSeconds * 1000) await transition(row.version, { state: "COMPLETED" });
}
