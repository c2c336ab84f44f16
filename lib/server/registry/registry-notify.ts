import "server-only";
import { getPrisma } from "@/lib/server/db/client.ts";
import { REGISTRY_NOTIFY_CHANNEL, registrySignal } from "./registry-signal.ts";

/**
 * Announces a committed registry change: to this process at once (the registry signal), and to the other console
 * instances by a NOTIFY of the newest index, sent after the commit and coalesced: while one NOTIFY is in flight,
 * the changes committed meanwhile share the next one.
 *
 * Why not NOTIFY inside each change's transaction (as before): PostgreSQL serializes the commits of all transactions
 * that notified, holding a database-wide lock through each commit's WAL flush, so registrations could commit no
 * faster than one flush after another. On this machine (pgbench, 10 connections, one INSERT per transaction):
 * 422 commits/s with a NOTIFY in each, 4,156 without. The other instances' listeners take the highest index they
 * hear, so one NOTIFY of the newest index says all an instance needs. A console that dies between a commit and its
 * NOTIFY leaves the others to learn of that change at their next index read (registry-listener.ts re-reads it).
 */
export function announceRegistryIndex(index: number): void {
  registrySignal.publish(index);
  if (index > state.pending) state.pending = index;
  state.sending ??= sendPending().finally(() => (state.sending = null));
}

interface NotifyState {
  /** The newest committed index to announce, and the newest announced. */
  pending: number;
  sent: number;
  sending: Promise<void> | null;
}
// On globalThis, like the registry signal, so that a Next.js dev reload does not start a second sender.
const g = globalThis as unknown as { __signalboxRegistryNotify?: NotifyState };
const state: NotifyState = (g.__signalboxRegistryNotify ??= { pending: 0, sent: 0, sending: null });

async function sendPending(): Promise<void> {
  while (state.pending > state.sent) {
    const index = state.pending;
    try {
      const prisma = await getPrisma();
      await prisma.$executeRaw`SELECT pg_notify(${REGISTRY_NOTIFY_CHANNEL}::text, ${String(index)}::text)`;
      state.sent = index;
    } catch (error) {
      // The next change retries with its newer index; until then the others' periodic index read covers it.
      console.warn(`[signalbox] registry NOTIFY failed (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
  }
}
