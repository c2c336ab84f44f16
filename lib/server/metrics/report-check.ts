import "server-only";
import {
  API_ERRORS,
  metricNamesOf,
  SnapshotConfigSchema,
  unknownMetricNames,
  type MetricNames,
  type MetricsBatch,
} from "@/lib/core/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { latestVersionNumber } from "@/lib/server/config/publish.ts";
import { badRequest } from "@/lib/server/http/errors.ts";
import type { Reporter } from "@/lib/server/xds/proxies.ts";

/** Versions are immutable, so their names can be cached; a few cover every node that is not far behind. */
const CACHED_VERSIONS = 8;
const g = globalThis as unknown as { __signalboxMetricNames?: Map<number, MetricNames> };
const cache: Map<number, MetricNames> = (g.__signalboxMetricNames ??= new Map());

async function namesOf(version: number): Promise<MetricNames | null> {
  const hit = cache.get(version);
  if (hit) return hit;
  const prisma = await getPrisma();
  const row = await prisma.configVersion.findUnique({ where: { version }, select: { snapshot: true } });
  if (!row) return null;
  const names = metricNamesOf(SnapshotConfigSchema.parse(row.snapshot));
  cache.set(version, names);
  while (cache.size > CACHED_VERSIONS) cache.delete(cache.keys().next().value!);
  return names;
}

/**
 * A node reports at most SIGNALBOX_METRICS_MAX_SERIES_PER_NODE series, and only for the rules and clusters of the
 * snapshot it holds (its last ACKed version, or the latest one it is switching to): invented names would grow the
 * hub and put fake traffic on the charts. 400 naming the fields otherwise.
 */
export async function checkMetricsBatch(who: Reporter, batch: MetricsBatch): Promise<void> {
  const cap = env().SIGNALBOX_METRICS_MAX_SERIES_PER_NODE;
  if (batch.series.length > cap)
    throw badRequest(
      `series: at most ${cap} series per node and batch`,
      [{ path: ["series"], message: `must have at most ${cap} entries (SIGNALBOX_METRICS_MAX_SERIES_PER_NODE)` }],
      API_ERRORS.INVALID_BODY,
    );
  if (batch.series.length === 0) return;
  const prisma = await getPrisma();
  const [node, latest] = await Promise.all([
    prisma.proxyNode.findUnique({ where: { id: who.node }, select: { appliedVersion: true } }),
    latestVersionNumber(prisma),
  ]);
  const versions = new Set([latest, node?.appliedVersion ?? 0].filter((v) => v > 0));
  const allowed = (await Promise.all([...versions].map(namesOf))).filter((n): n is MetricNames => n !== null);
  const issues = unknownMetricNames(batch.series, allowed);
  if (issues.length > 0)
    throw badRequest(
      `${issues[0]!.path.join(".")}: ${issues[0]!.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""}`,
      issues,
      API_ERRORS.INVALID_BODY,
    );
}
