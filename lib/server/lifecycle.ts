import "server-only";
import { ensureReady } from "@/lib/server/boot.ts";
import { closePrisma } from "@/lib/server/db/client.ts";
import { isDataDirLocked } from "@/lib/server/db/data-dir-lock.ts";
import { env } from "@/lib/server/env.ts";
import { installPeerHeader } from "@/lib/server/http/peer-header.ts";
import { rollupWriter } from "@/lib/server/metrics/rollup-writer.ts";
import { isProxyTokenExposed } from "@/lib/server/xds/proxy-auth.ts";
import { isSecretKeyMissing } from "@/lib/server/security/secret-key.ts";

/** Node.js runtime start-up: migrate and seed before the first request, and close the database on exit. */
export async function startNodeRuntime(): Promise<void> {
  installPeerHeader(env().SIGNALBOX_TRUST_PROXY);
  try {
    await ensureReady();
  } catch (error) {
    // Another process has the embedded database open: running on would corrupt it, so stop with the reason.
    // By name: instrumentation and the route bundles may each hold their own copy of the class.
    // A shared proxy token on a console reachable from other machines: starting would expose it.
    // No sealing key on such a console: the CA key and TLS keys would sit unprotected beside the database.
    if (isDataDirLocked(error) || isProxyTokenExposed(error) || isSecretKeyMissing(error)) {
      console.error(`[signalbox] ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      // Metrics received since the last flush are written first, so a restart loses none of them.
      void rollupWriter
        .flush()
        .catch(() => undefined)
        .then(() => closePrisma())
        .finally(() => process.exit(0));
    });
  }
}
