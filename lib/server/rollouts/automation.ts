import "server-only";
import { env } from "@/lib/server/env.ts";
import { checkCanaries } from "@/lib/server/canaries/scheduler.ts";
import { checkRollouts } from "./monitor.ts";

const g = globalThis as unknown as { __signalboxAutomation?: NodeJS.Timeout };

/**
 * The console's clock for staged rollouts and canaries: every SIGNALBOX_ROLLOUT_TICK_MS it judges baking stages and
 * due canary checks. All state is in PostgreSQL, so a restarted console simply starts ticking again.
 */
export function startAutomation(): void {
  if (g.__signalboxAutomation) return;
  let running = false;
  g.__signalboxAutomation = setInterval(() => {
    if (running) return;
    running = true;
    void Promise.all([
      checkRollouts().catch((e: unknown) => console.error("[signalbox] checking rollouts failed", e)),
      checkCanaries().catch((e: unknown) => console.error("[signalbox] checking canaries failed", e)),
    ]).finally(() => (running = false));
  }, env().SIGNALBOX_ROLLOUT_TICK_MS);
  g.__signalboxAutomation.unref();
}
