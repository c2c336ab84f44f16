import "server-only";
import { getPrisma } from "@/lib/server/db/client.ts";
import { registrySignal } from "./registry-signal.ts";

/**
 * The registry index (Consul's X-Consul-Index; what endpoint builds are keyed by) as a *stable* index: every registry
 * event id at or below it is resolved (committed or rolled back) when it is read, so the data read after it holds
 * every change up to it, and any change committed later has a higher id.
 *
 * Why: event ids come from a sequence when the event row is inserted, but transactions commit in any order. With the
 * plain newest id as the index, a reader could see event 11 committed while event 10 was still in flight, answer
 * index 11 without 10's change, and then, waiting for "index > 11", never hear of 10: a missed wake-up for Consul
 * blocking queries and for the proxies' endpoint long-polls alike.
 *
 * How (prisma/migrations/20261204183500_registry_stable_index): every writer takes a shared advisory lock before its
 * event gets an id (`WRITER_LOCK`, in the INSERT's WHERE) and holds it to its commit; writers never wait for one
 * another. `stableIndex()` takes that lock exclusively for one statement: it waits for the writers in flight, then
 * reads the sequence's last value. Chosen over a counter row updated at commit, which would serialize every
 * registration's commit (and WAL flush) behind the previous one, the bottleneck the coalesced NOTIFY removed
 * (tests/bench/FINDINGS.md, h-reg); here only a reader waits, for the transactions already in flight.
 */

/** The WHERE condition (always true) an INSERT INTO registry_events carries, so its id is handed out under the lock. */
export const WRITER_LOCK = "registry_writer_lock()";

interface Reads {
  inflight: Promise<number> | null;
  queued: Promise<number> | null;
}
// On globalThis, like the registry signal, so a Next.js dev reload shares it.
const g = globalThis as unknown as { __signalboxStableIndex?: Reads };
const reads: Reads = (g.__signalboxStableIndex ??= { inflight: null, queued: null });

async function read(): Promise<number> {
  const prisma = await getPrisma();
  const [row] = await prisma.$queryRaw<{ index: bigint | number }[]>`SELECT registry_stable_index() AS index`;
  const index = Number(row!.index);
  // Feeds the signal too: a change this process has not heard of yet (NOTIFY in flight) is known from here on.
  registrySignal.publish(index);
  return index;
}

function start(): Promise<number> {
  const p = read().finally(() => {
    if (reads.inflight === p) reads.inflight = null;
  });
  reads.inflight = p;
  return p;
}

/**
 * The stable index now. Callers that ask while a read is in flight share the next one (one read that started after
 * they asked, whatever their number): a burst of woken blocking queries costs two reads, not one each.
 */
export function stableIndex(): Promise<number> {
  if (!reads.inflight) return start();
  reads.queued ??= reads.inflight
    .catch(() => undefined)
    .then(() => {
      reads.queued = null;
      return reads.inflight ?? start();
    });
  return reads.queued;
}
