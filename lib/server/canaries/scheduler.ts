import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { checkCanary, decide, stepDestinations } from "@/lib/core/canary/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { ACTIVE_ROLLOUT_STATES, signalVersion } from "@/lib/server/rollouts/targets.ts";
import { canarySample } from "@/lib/server/rollouts/gate-metrics.ts";
import { publishCanaryWeights } from "./canary-steps.ts";
import { appendEvents, event, finishCanary, serviceOf, specOf, type CanaryRow } from "./canary-store.ts";

/** This console process, as the holder of canary leases: readable in the table, so an operator sees who drives. */
const g = globalThis as unknown as { __signalboxConsoleId?: string };
const consoleId = (g.__signalboxConsoleId ??=
  env().SIGNALBOX_INSTANCE_NAME ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`);
const LEASE_MS = 10_000;

/**
 * A lease row instead of an in-memory timer: with several consoles on one database only the holder drives a canary,
 * and when it dies another takes over once the lease runs out. A restarted console finds its canaries in the table
 * (state, step, next check) and goes on where they were.
 */
async function takeLease(id: string, now: Date): Promise<boolean> {
  const db = await getPrisma();
  const taken = await db.canary.updateMany({
    where: {
      id,
      state: "RUNNING",
      OR: [{ leaseOwner: null }, { leaseOwner: consoleId }, { leaseUntil: { lt: now } }],
    },
    data: { leaseOwner: consoleId, leaseUntil: new Date(now.getTime() + LEASE_MS) },
  });
  return taken.count === 1;
}

/** Checks every running canary whose interval has passed and takes the step its analysis calls for. */
export async function checkCanaries(now = new Date()): Promise<void> {
  const db = await getPrisma();
  const due = await db.canary.findMany({
    where: { state: "RUNNING", nextCheckAt: { lte: now } },
    select: { id: true },
  });
  for (const { id } of due) {
    if (!(await takeLease(id, now))) continue;
    try {
      await stepOne(id);
    } catch (error) {
      console.error(`[signalbox] canary ${id}: check failed`, error);
    }
  }
}

async function stepOne(id: string): Promise<void> {
  const db = await getPrisma();
  const published = await db.$transaction(
    async (tx) => {
      const row = (await tx.canary.findUnique({ where: { id } })) as CanaryRow | null;
      // Paused, promoted or aborted by an operator since it was found due.
      if (!row || row.state !== "RUNNING" || !row.nextCheckAt || row.nextCheckAt > new Date()) return null;
      const spec = specOf(row);
      const service = serviceOf(row);
      // A staged rollout owns the fleet until it ends: the canary waits (its analysis would be muddled anyway).
      if (await tx.rollout.findFirst({ where: { state: { in: ACTIVE_ROLLOUT_STATES } } })) {
        await tx.canary.update({ where: { id }, data: { nextCheckAt: new Date(Date.now() + 1000) } });
        return null;
      }
      const sample = canarySample(row.route, service, spec.canary, spec.intervalSeconds * 1000);
      const check = checkCanary(sample, spec.gates);
      const decision = decide(spec, row.stepIndex, row.failures, check);
      const weight = spec.steps[row.stepIndex] ?? 0;
      const checked = check.passed
        ? event("check", `check passed at ${weight}%: ${check.message}`, { weight })
        : event("check", `gate ${check.gate} failed at ${weight}%: ${check.message}`, { weight });
      const next = new Date(Date.now() + spec.intervalSeconds * 1000);
      switch (decision.kind) {
        case "hold":
          await tx.canary.update({
            where: { id },
            data: { failures: decision.failures, nextCheckAt: next, events: appendEvents(row, checked) },
          });
          return null;
        case "rollback":
          return finishCanary(tx, { ...row, events: appendEvents(row, checked) } as CanaryRow, {
            state: "ROLLED_BACK",
            reason: check.passed ? null : `gate ${check.gate} failed at ${weight}%: ${check.message}`,
            actorId: null,
            message: `rolled back to the starting weights after ${decision.failures} failed check(s)`,
          });
        case "promote":
          return finishCanary(tx, { ...row, events: appendEvents(row, checked) } as CanaryRow, {
            state: "PROMOTED",
            reason: null,
            actorId: null,
            message: `promoted: ${spec.canary} is the stable target`,
          });
        case "advance": {
          const ref = { id, route: row.route, ruleIndex: row.ruleIndex, approverId: row.approverId };
          const version = await publishCanaryWeights(tx, ref, stepDestinations(spec, service, decision.weight), {
            kind: "step",
            weight: decision.weight,
          });
          await tx.canary.update({
            where: { id },
            data: {
              stepIndex: decision.stepIndex,
              nextCheckAt: next,
              events: appendEvents(
                row,
                checked,
                event("step", `canary at ${decision.weight}%`, { weight: decision.weight, version }),
              ),
            },
          });
          return version;
        }
      }
    },
    { timeout: 20_000 },
  );
  if (published !== null) await signalVersion(published);
}
