import "server-only";
import { ensureReady } from "@/lib/server/boot.ts";
import { closePrisma } from "@/lib/server/db/client.ts";

/** Node.js runtime start-up: migrate and seed before the first request, and close the database on exit. */
export async function startNodeRuntime(): Promise<void> {
  await ensureReady();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void closePrisma().finally(() => process.exit(0));
    });
  }
}
