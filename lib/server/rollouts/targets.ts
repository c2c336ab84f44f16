import "server-only";
import { getPrisma } from "@/lib/server/db/client.ts";
import { versionSignal } from "@/lib/server/xds/version-signal.ts";

interface Withheld {
  previous: number;
  /** The proxies the version's first stage may give it to. */
  nodes: ReadonlySet<string>;
}

export const ACTIVE_ROLLOUT_STATES = ["BAKING", "STALLED"];

/**
 * Which version each proxy should run. A version in a staged rollout (BAKING or STALLED) goes only to the proxies of
 * its first stage; every other proxy keeps the version before it. Held in memory so a poll costs no database read,
 * and refreshed before any console instance wakes its polls for a new version or a stage change (signalVersion).
 */
class RolloutTargets {
  private active = new Map<number, Withheld>();

  target(node: string, latest: number): number {
    const w = this.active.get(latest);
    return !w || w.nodes.has(node) ? latest : w.previous;
  }

  async refresh(): Promise<void> {
    const db = await getPrisma();
    const rows = await db.rollout.findMany({
      where: { state: { in: ACTIVE_ROLLOUT_STATES }, stage: 0 },
      select: { version: true, previousVersion: true, stageNodes: true },
    });
    this.active = new Map(
      rows.map((r) => [r.version, { previous: r.previousVersion, nodes: new Set(r.stageNodes as string[]) }]),
    );
  }
}

const g = globalThis as unknown as { __signalboxRolloutTargets?: RolloutTargets };
export const rolloutTargets: RolloutTargets = (g.__signalboxRolloutTargets ??= new RolloutTargets());

/**
 * Wakes this console's held polls for `version` (a publish, or a rollout of it that changed stage) once the targets
 * know of its rollout: a poll woken before that would hand a staged version to the whole fleet.
 */
export async function signalVersion(version: number): Promise<void> {
  try {
    await rolloutTargets.refresh();
  } catch (error) {
    console.error("[signalbox] reading rollouts failed; polls keep the targets they had", error);
  }
  if (version > versionSignal.newest) versionSignal.publish(version);
  else versionSignal.nudge();
}
