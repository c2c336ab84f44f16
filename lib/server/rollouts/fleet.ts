import "server-only";
import { effectiveLabels, LabelsSchema, type Labels } from "@/lib/core/rollout/index.ts";
import type { Prisma } from "@/lib/generated/prisma/client";
import { forgetAfterMs } from "@/lib/server/xds/proxies.ts";

type Tx = Prisma.TransactionClient;

export interface FleetMember {
  id: string;
  own: Labels;
  console: Labels;
  labels: Labels;
  appliedVersion: number | null;
}

const labelsOf = (json: unknown): Labels => LabelsSchema.catch({}).parse(json);

/** The proxies the Proxies page lists, with the labels a rollout selects on (the gateway is an implicit one). */
export async function fleet(db: Tx): Promise<FleetMember[]> {
  const rows = await db.proxyNode.findMany({
    where: { lastSeenAt: { gte: new Date(Date.now() - forgetAfterMs()) } },
    select: { id: true, gateway: true, labels: true, consoleLabels: true, appliedVersion: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => {
    const own = labelsOf(r.labels);
    const fromConsole = labelsOf(r.consoleLabels);
    return {
      id: r.id,
      own,
      console: fromConsole,
      labels: effectiveLabels(own, fromConsole, r.gateway),
      appliedVersion: r.appliedVersion,
    };
  });
}
