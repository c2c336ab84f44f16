import "server-only";
import type { ProxyLabelsResponse, User } from "@/lib/core/api/index.ts";
import { effectiveLabels, LabelsSchema, type Labels } from "@/lib/core/rollout/index.ts";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { notFound } from "@/lib/server/http/errors.ts";

/** Replaces the console's labels of a proxy; the next staged rollout selects on them. */
export async function setProxyLabels(user: User, id: string, labels: Labels): Promise<ProxyLabelsResponse> {
  const db = await getPrisma();
  return db.$transaction(async (tx) => {
    const node = await tx.proxyNode.findUnique({ where: { id } });
    if (!node) throw notFound(`Proxy ${id} is not known`);
    await tx.proxyNode.update({ where: { id }, data: { consoleLabels: labels } });
    await audit(tx, { actorId: user.id, action: "proxy.labelled", entityType: "proxy", entityId: id, details: labels });
    const own = LabelsSchema.catch({}).parse(node.labels);
    return { id, own, console: labels, effective: effectiveLabels(own, labels, node.gateway) };
  });
}
