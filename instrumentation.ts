/** Next.js start-up hook: migrate and seed before the first request, and close the database on exit. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { ensureReady } = await import("@/lib/server/boot.ts");
  const { closePrisma } = await import("@/lib/server/db/client.ts");
  await ensureReady();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void closePrisma().finally(() => process.exit(0));
    });
  }
}
