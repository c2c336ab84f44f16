import "server-only";
import { env } from "@/lib/server/env.ts";
import { listensOnLoopbackOnly } from "@/lib/server/exposure.ts";

export type SeedMode = "demo" | "users" | "none";

/**
 * What to seed into an empty database. `auto` (the default) seeds the demo — users with published passwords —
 * only where nobody else can reach it: the embedded database and a console that listens on loopback only.
 */
export function seedMode(): SeedMode {
  const config = env();
  if (config.SIGNALBOX_SEED !== "auto") return config.SIGNALBOX_SEED;
  return !config.DATABASE_URL && listensOnLoopbackOnly() ? "demo" : "none";
}
