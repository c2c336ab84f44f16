import "server-only";
import { MeshConfigSchema, selects, versionSelector, type Service } from "@/lib/core/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { latestVersionNumber } from "@/lib/server/config/publish.ts";
import { versionSignal } from "@/lib/server/xds/version-signal.ts";

export interface RunningServices {
  version: number;
  services: Service[];
  /** The versions of `service` whose selector matches these labels. */
  versionsOf(service: string, labels: Record<string, string>): string[];
}

const g = globalThis as unknown as { __signalboxRunningServices?: Promise<RunningServices> };

/**
 * The services and versions (subsets) of the running config version: what registered instances are selected into.
 * Read once per published version (the version signal knows the newest one without a query).
 */
export async function runningServices(): Promise<RunningServices> {
  const newest = versionSignal.newest || (await latestVersionNumber(await getPrisma()));
  const cached = await g.__signalboxRunningServices?.catch(() => undefined);
  if (cached && cached.version === newest) return cached;
  g.__signalboxRunningServices = load(newest);
  return g.__signalboxRunningServices;
}

async function load(version: number): Promise<RunningServices> {
  const prisma = await getPrisma();
  const row = version ? await prisma.configVersion.findUnique({ where: { version }, select: { mesh: true } }) : null;
  const services = row ? MeshConfigSchema.parse(row.mesh).services : [];
  const byName = new Map(services.map((s) => [s.name, s]));
  return {
    version,
    services,
    versionsOf: (service, labels) =>
      (byName.get(service)?.versions ?? []).filter((v) => selects(versionSelector(v), labels)).map((v) => v.name),
  };
}
