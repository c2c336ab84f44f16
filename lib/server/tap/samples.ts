import "server-only";
import { TapSampleSchema, type TapSample } from "@/lib/core/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { openTapSpecs } from "./sessions.ts";

/** Samples are relayed, not kept: a viewer reads them within a second; older ones are deleted. */
const SAMPLE_RETAIN_MS = 5 * 60_000;
/** Ended taps stay listed this long (for the audit of who tapped what), then go. */
const SESSION_RETAIN_MS = 24 * 3_600_000;
const PRUNE_EVERY_MS = 60_000;

const counters = globalThis as unknown as { __signalboxTapSamples?: { stored: number; dropped: number } };
/** Samples this console stored for a viewer, and dropped (tap not open, or over its rate): /metrics shows both. */
export const tapSampleCounts: { stored: number; dropped: number } = (counters.__signalboxTapSamples ??= {
  stored: 0,
  dropped: 0,
});

/**
 * Stores what a proxy sampled for the viewer, whichever console it watches from (the rows are the relay between
 * consoles). Only for taps still open, at most a few seconds of the tap's rate from one batch, and with the
 * reporting node as `proxy` whatever the sample says.
 */
export async function storeSamples(node: string, samples: readonly TapSample[]): Promise<number> {
  if (samples.length === 0) return 0;
  const open = new Map((await openTapSpecs()).map((s) => [s.id, s]));
  const taken = new Map<string, number>();
  const rows: { tapId: string; sample: TapSample }[] = [];
  for (const s of samples) {
    const spec = open.get(s.tap);
    const n = taken.get(s.tap) ?? 0;
    if (!spec || n >= spec.ratePerSecond * 5) {
      tapSampleCounts.dropped++;
      continue;
    }
    taken.set(s.tap, n + 1);
    rows.push({ tapId: s.tap, sample: { ...s, proxy: node } });
  }
  if (rows.length === 0) return 0;
  const prisma = await getPrisma();
  await prisma.tapSample.createMany({ data: rows });
  tapSampleCounts.stored += rows.length;
  await prune();
  return rows.length;
}

/** The tap's samples stored after `afterId`, oldest first. */
export async function samplesAfter(
  tapId: string,
  afterId: bigint,
  limit = 200,
): Promise<{ id: bigint; sample: TapSample }[]> {
  const prisma = await getPrisma();
  const rows = await prisma.tapSample.findMany({
    where: { tapId, id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: limit,
  });
  return rows.flatMap((r) => {
    const parsed = TapSampleSchema.safeParse(r.sample);
    return parsed.success ? [{ id: r.id, sample: parsed.data }] : [];
  });
}

/** The newest sample id so far (a viewer starts after it: a tap shows what happens from now on). */
export async function lastSampleId(tapId: string): Promise<bigint> {
  const prisma = await getPrisma();
  const row = await prisma.tapSample.findFirst({ where: { tapId }, orderBy: { id: "desc" }, select: { id: true } });
  return row?.id ?? 0n;
}

const g = globalThis as unknown as { __signalboxTapPrunedAt?: number };

async function prune(nowMs = Date.now()): Promise<void> {
  if (nowMs - (g.__signalboxTapPrunedAt ?? 0) < PRUNE_EVERY_MS) return;
  g.__signalboxTapPrunedAt = nowMs;
  const prisma = await getPrisma();
  await prisma.tapSample.deleteMany({ where: { createdAt: { lt: new Date(nowMs - SAMPLE_RETAIN_MS) } } });
  await prisma.tapSession.deleteMany({ where: { expiresAt: { lt: new Date(nowMs - SESSION_RETAIN_MS) } } });
}
