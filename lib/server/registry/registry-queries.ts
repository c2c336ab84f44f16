import "server-only";
import { selects, versionSelector, type RegistryInstanceView, type RegistrySummaryResponse } from "@/lib/core/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { stableIndex } from "./registry-index.ts";
import { instanceRows, instanceView } from "./registry-store.ts";
import { tokenNames } from "./registry-tokens.ts";
import { runningServices } from "./running-services.ts";

/** Instances (of one service, or all) with their checks, and the index they reflect. */
export async function listInstances(service?: string): Promise<{ index: number; instances: RegistryInstanceView[] }> {
  // The stable index first (registry-index.ts): the rows read after it hold every change up to it, and a change
  // committed while they are read moves the index past it, so a blocking client asks again.
  const index = await stableIndex();
  const [rows, names, running] = await Promise.all([
    instanceRows(service ? { service } : {}),
    tokenNames(),
    runningServices(),
  ]);
  return { index, instances: rows.map((r) => instanceView(r, names, running.versionsOf)) };
}

/** Registered instances per version of the running config, by health, for the Registry page and the topology. */
export async function registrySummary(): Promise<RegistrySummaryResponse> {
  const index = await stableIndex();
  const prisma = await getPrisma();
  const [running, rows] = await Promise.all([
    runningServices(),
    prisma.registryInstance.findMany({ select: { service: true, labels: true, health: true } }),
  ]);
  const selected = new Set<number>();
  const versions = running.services.flatMap((svc) =>
    svc.versions.map((ver) => {
      const selector = versionSelector(ver);
      const registered = { passing: 0, warning: 0, critical: 0 };
      rows.forEach((r, i) => {
        if (r.service !== svc.name || !selects(selector, (r.labels ?? {}) as Record<string, string>)) return;
        selected.add(i);
        const h = r.health === "warning" || r.health === "critical" ? r.health : "passing";
        registered[h]++;
      });
      return { service: svc.name, version: ver.name, selector, staticEndpoints: ver.endpoints.length, registered };
    }),
  );
  return { index, versions, unselected: rows.length - selected.size };
}

export async function listEvents(limit: number) {
  const prisma = await getPrisma();
  const rows = await prisma.registryEvent.findMany({ orderBy: { id: "desc" }, take: limit });
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    kind: r.kind === "deregister" || r.kind === "health" ? (r.kind as "deregister" | "health") : ("register" as const),
    instanceId: r.instanceId,
    service: r.service,
    detail: (r.detail ?? {}) as Record<string, unknown>,
    actor: r.actor,
  }));
}
