import "server-only";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { listensOnLoopbackOnly } from "@/lib/server/exposure.ts";
import { seedDemo } from "@/lib/server/seed.ts";
import { seedMode } from "@/lib/server/seed-mode.ts";
import { prepareDummyHash } from "@/lib/server/auth/password.ts";
import { purgeExpired } from "@/lib/server/auth/session.ts";
import { issueSetupToken, setupRequired } from "@/lib/server/auth/setup.ts";
import { startChangeListener } from "@/lib/server/xds/change-listener.ts";
import { rollupWriter } from "@/lib/server/metrics/rollup-writer.ts";
import { startRegistry } from "@/lib/server/registry/start.ts";
import { startAutomation } from "@/lib/server/rollouts/automation.ts";
import { checkProxyTokenExposure } from "@/lib/server/xds/proxy-auth.ts";
import { ensureCa } from "@/lib/server/security/ca.ts";
import { secretKeyMaterial } from "@/lib/server/security/secret-key.ts";

const g = globalThis as unknown as { __signalboxReady?: Promise<void>; __signalboxPurge?: NodeJS.Timeout };

const PURGE_EVERY_MS = 10 * 60_000;

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
  checkProxyTokenExposure();
  secretKeyMaterial(); // an exposed console without SIGNALBOX_SECRET_KEY stops here, before opening anything
  const prisma = await getPrisma();
  const mode = seedMode();
  if (mode !== "none") {
    if (!listensOnLoopbackOnly())
      console.warn(`[signalbox] SIGNALBOX_SEED=${mode} on a console that may be reachable from other machines`);
    await seedDemo(prisma, {
      basePort: config.SIGNALBOX_DEMO_BASE_PORT,
      mesh: mode === "demo",
      sidecars: config.SIGNALBOX_DEMO_SIDECARS === "1",
    });
  }
  if (await setupRequired()) await announceSetup();
  await purgeExpired();
  g.__signalboxPurge ??= setInterval(() => {
    purgeExpired().catch((error: unknown) => console.error("[signalbox] purging expired sessions failed", error));
  }, PURGE_EVERY_MS).unref();
  await prepareDummyHash();
  await ensureCa();
  await startChangeListener();
  rollupWriter.start();
  await startRegistry();
  startAutomation();
}

/** The one place the setup token appears: the log of the machine the console runs on. */
async function announceSetup(): Promise<void> {
  const { token, expiresAt } = await issueSetupToken();
  console.log(
    [
      "",
      "[signalbox] No user exists yet. Create the first admin on /setup (or `signalbox admin create-user`)",
      `[signalbox] with this one-time setup token, valid until ${expiresAt.toISOString()}:`,
      `[signalbox]   SIGNALBOX_SETUP_TOKEN=${token}`,
      "",
    ].join("\n"),
  );
}
