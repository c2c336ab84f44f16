import "server-only";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { seedDemo } from "@/lib/server/seed.ts";
import { startChangeListener } from "@/lib/server/xds/change-listener.ts";

const g = globalThis as unknown as { __signalboxReady?: Promise<void> };

/**
 * Migrate, seed and start listening, once per process. Called from instrumentation at start-up and by
 * every route handler, so the first request never races the boot. A failed boot is retried on the next
 * call rather than cached forever.
 */
export function ensureReady(): Promise<void> {
  g.__signalboxReady ??= boot().catch((error: unknown) => {
    g.__signalboxReady = undefined;
    throw error;
  });
  return g.__signalboxReady;
}

async function boot(): Promise<void> {
  const config = env();
  const prisma = await getPrisma();
  if (config.SIGNALBOX_SEED !== "none") {
    await seedDemo(prisma, { basePort: config.SIGNALBOX_DEMO_BASE_PORT, mesh: config.SIGNALBOX_SEED === "demo" });
  }
  await startChangeListener();
}
