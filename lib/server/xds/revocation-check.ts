import "server-only";
import { getPrisma } from "@/lib/server/db/client.ts";
import { stillValid, type ProxyIdentity } from "./proxy-auth.ts";

/**
 * stillValid for a whole woken fleet at once: a publish wakes hundreds of held long-polls in the same tick, and each
 * must check that its credential was not revoked while it waited. Checks asked for in one tick share one query.
 */
interface Waiting {
  resolve(ok: boolean): void;
  reject(error: unknown): void;
}
let pending: Map<string, Waiting[]> | null = null;

async function checkBatch(batch: Map<string, Waiting[]>): Promise<void> {
  try {
    const prisma = await getPrisma();
    const rows = await prisma.proxyCredential.findMany({
      where: { id: { in: [...batch.keys()] }, revokedAt: null },
      select: { id: true },
    });
    const valid = new Set(rows.map((r) => r.id));
    for (const [id, waiting] of batch) for (const w of waiting) w.resolve(valid.has(id));
  } catch (error) {
    for (const waiting of batch.values()) for (const w of waiting) w.reject(error);
  }
}

export function stillValidBatched(identity: ProxyIdentity): Promise<boolean> {
  if (identity.kind !== "credential") return stillValid(identity);
  return new Promise((resolve, reject) => {
    if (!pending) {
      pending = new Map();
      setImmediate(() => {
        const batch = pending!;
        pending = null;
        void checkBatch(batch);
      });
    }
    pending.set(identity.id, [...(pending.get(identity.id) ?? []), { resolve, reject }]);
  });
}
