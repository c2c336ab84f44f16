import "server-only";
import { randomUUID } from "node:crypto";
import { getPrisma } from "@/lib/server/db/client.ts";
import { httpProbe, tcpProbe } from "./probes.ts";
import { deregisterInstance, recordCheckResult } from "./registry-store.ts";

/**
 * Runs the registry's health checks in the console: HTTP and TCP probes at their interval, TTL expiry, and
 * deregistration of instances critical for longer than their deregister-after. With several console instances on
 * one database, one of them runs the checks: the holder of the "registry-checks" lease, renewed every tick and
 * taken over by another console when it lapses (an upsert guarded by holder or expiry, portable to PGlite).
 */
const LEASE = "registry-checks";
const LEASE_MS = 10_000;
const TICK_MS = 250;
/** Most probes in flight at once: bounds sockets and memory at 10,000 instances. */
const MAX_IN_FLIGHT = 256;
const EVENTS_KEPT_MS = 24 * 3_600_000;

interface Runner {
  holder: string;
  timer: NodeJS.Timeout | null;
  ticking: boolean;
  again: boolean;
  inFlight: Set<string>;
  lastPrune: number;
}

const g = globalThis as unknown as { __signalboxCheckRunner?: Runner };

export function startCheckRunner(): void {
  if (g.__signalboxCheckRunner) return;
  const r: Runner = {
    holder: randomUUID(),
    timer: null,
    ticking: false,
    again: false,
    inFlight: new Set(),
    lastPrune: 0,
  };
  g.__signalboxCheckRunner = r;
  r.timer = setInterval(() => void tick(r), TICK_MS);
  r.timer.unref();
}

/** A registration added a check that should run now, not at the next tick. */
export function pokeChecks(): void {
  const r = g.__signalboxCheckRunner;
  if (r) void tick(r);
}

async function holdsLease(r: Runner): Promise<boolean> {
  const prisma = await getPrisma();
  const rows = await prisma.$queryRaw<{ holder: string }[]>`
    INSERT INTO registry_leases (name, holder, expires_at)
    VALUES (${LEASE}, ${r.holder}, now() + ${LEASE_MS} * interval '1 millisecond')
    ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
      WHERE registry_leases.holder = EXCLUDED.holder OR registry_leases.expires_at < now()
    RETURNING holder`;
  return rows.length === 1;
}

async function tick(r: Runner): Promise<void> {
  if (r.ticking) {
    r.again = true;
    return;
  }
  r.ticking = true;
  try {
    do {
      r.again = false;
      if (!(await holdsLease(r))) return;
      await runDueProbes(r);
      await expireTtls();
      await deregisterLongCritical();
      if (Date.now() - r.lastPrune > 10 * 60_000) {
        r.lastPrune = Date.now();
        const prisma = await getPrisma();
        await prisma.registryEvent.deleteMany({ where: { at: { lt: new Date(Date.now() - EVENTS_KEPT_MS) } } });
      }
    } while (r.again);
  } catch (error) {
    console.warn(`[signalbox] registry checks: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    r.ticking = false;
  }
}

async function runDueProbes(r: Runner): Promise<void> {
  const room = MAX_IN_FLIGHT - r.inFlight.size;
  if (room <= 0) return;
  const prisma = await getPrisma();
  const due = await prisma.registryCheck.findMany({
    where: { kind: { in: ["http", "tcp"] }, nextRunAt: { lte: new Date() }, id: { notIn: [...r.inFlight] } },
    orderBy: { nextRunAt: "asc" },
    take: room,
  });
  for (const c of due) {
    r.inFlight.add(c.id);
    const probe = c.kind === "http" ? httpProbe(c.target, c.method, c.timeoutMs) : tcpProbe(c.target, c.timeoutMs);
    void probe
      .then((result) =>
        recordCheckResult(c.id, result.status, result.output, {
          damped: true,
          actor: "console",
          nextRunAt: new Date(Date.now() + c.intervalMs),
        }),
      )
      .catch((error: unknown) => console.warn(`[signalbox] registry check ${c.id}: ${String(error)}`))
      .finally(() => r.inFlight.delete(c.id));
  }
}

/** TTL checks the instance stopped reporting on turn critical, as in Consul. */
async function expireTtls(): Promise<void> {
  const prisma = await getPrisma();
  const expired = await prisma.$queryRaw<{ id: string; ttl_ms: number }[]>`
    SELECT id, ttl_ms FROM registry_checks
    WHERE kind = 'ttl' AND status <> 'critical' AND last_update_at + ttl_ms * interval '1 millisecond' < now()`;
  for (const c of expired)
    await recordCheckResult(c.id, "critical", `TTL expired (last update more than ${c.ttl_ms}ms ago)`, {
      damped: false,
      actor: "console",
    });
}

async function deregisterLongCritical(): Promise<void> {
  const prisma = await getPrisma();
  const gone = await prisma.$queryRaw<{ instance_id: string; id: string }[]>`
    SELECT instance_id, id FROM registry_checks
    WHERE status = 'critical' AND deregister_after_ms IS NOT NULL AND critical_since IS NOT NULL
      AND critical_since + deregister_after_ms * interval '1 millisecond' < now()`;
  for (const id of new Set(gone.map((g) => g.instance_id)))
    await deregisterInstance(id, { name: "console (deregister-after)", source: "console", tokenId: null });
}
