import "server-only";
import type { DefaultRolloutPlan, User } from "@/lib/core/api/index.ts";
import { ALL_AT_ONCE, describePlan, RolloutPlanSchema, type RolloutPlan } from "@/lib/core/rollout/index.ts";
import type { Prisma } from "@/lib/generated/prisma/client";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";

type Tx = Prisma.TransactionClient;

const SETTING_KEY = "rollout.defaultPlan";

/** SIGNALBOX_ROLLOUT_PLAN, the initial default until an admin saves one (a bad value names the variable). */
export function environmentPlan(): RolloutPlan {
  const text = env().SIGNALBOX_ROLLOUT_PLAN;
  if (!text) return ALL_AT_ONCE;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error("SIGNALBOX_ROLLOUT_PLAN: not JSON");
  }
  const parsed = RolloutPlanSchema.safeParse(json);
  if (!parsed.success) throw new Error(`SIGNALBOX_ROLLOUT_PLAN: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

/**
 * The plan approvals use when they name none. Read from the database on every use, so every console instance on
 * one PostgreSQL applies the plan an admin saved on any of them.
 */
export async function defaultRolloutPlan(db?: Tx): Promise<DefaultRolloutPlan> {
  const prisma = db ?? (await getPrisma());
  const row = await prisma.consoleSetting.findUnique({ where: { key: SETTING_KEY } });
  // A row is written only after validation; one that no longer parses (an older schema) falls back, never breaks.
  const saved = row ? RolloutPlanSchema.safeParse(row.value) : null;
  if (!row || !saved?.success)
    return {
      defaultPlan: environmentPlan(),
      defaultPlanSource: "environment",
      defaultPlanUpdatedBy: null,
      defaultPlanUpdatedAt: null,
    };
  const by = row.updatedById
    ? await prisma.user.findUnique({ where: { id: row.updatedById }, select: { username: true } })
    : null;
  return {
    defaultPlan: saved.data,
    defaultPlanSource: "console",
    defaultPlanUpdatedBy: by?.username ?? row.updatedById,
    defaultPlanUpdatedAt: row.updatedAt.toISOString(),
  };
}

/** An admin saves the default plan (already checked by RolloutPlanSchema at the API boundary); audited. */
export async function setDefaultRolloutPlan(user: User, plan: RolloutPlan): Promise<DefaultRolloutPlan> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const before = await defaultRolloutPlan(tx);
    const value = plan as unknown as Prisma.InputJsonValue;
    await tx.consoleSetting.upsert({
      where: { key: SETTING_KEY },
      create: { key: SETTING_KEY, value, updatedById: user.id },
      update: { value, updatedById: user.id },
    });
    await audit(tx, {
      actorId: user.id,
      action: "settings.rollout_plan",
      entityType: "setting",
      entityId: SETTING_KEY,
      details: { from: describePlan(before.defaultPlan), to: describePlan(plan), plan: value },
    });
    return defaultRolloutPlan(tx);
  });
}
