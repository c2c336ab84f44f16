/**
 * Next.js start-up hook. The Node-only work lives in its own module, imported only under the Node.js
 * runtime, so the Edge build of this file never sees `process` APIs.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startNodeRuntime } = await import("@/lib/server/lifecycle.ts");
    await startNodeRuntime();
  }
}
