import "server-only";
import type { MeshConfig } from "@/lib/core/index.ts";
import { API_ERRORS } from "@/lib/core/api/index.ts";
import type { Destination } from "@/lib/core/model/index.ts";
import type { Prisma } from "@/lib/generated/prisma/client";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { semanticIssues } from "@/lib/server/changes/semantic-issues.ts";
import { lockPublishing, publishMesh } from "@/lib/server/config/publish.ts";
import { loadRunningMesh } from "@/lib/server/config/running-mesh.ts";
import { badRequest, conflict } from "@/lib/server/http/errors.ts";

type Tx = Prisma.TransactionClient;

export interface CanaryRef {
  id: string;
  route: string;
  ruleIndex: number;
  approverId: string | null;
}

/** The running mesh with one rule's destinations replaced. */
export function withDestinations(mesh: MeshConfig, route: string, ruleIndex: number, to: Destination[]): MeshConfig {
  const found = mesh.routes.find((r) => r.name === route);
  if (!found || !found.rules[ruleIndex]) throw conflict(`Route ${route} has no rule ${ruleIndex} any more`);
  return {
    ...mesh,
    routes: mesh.routes.map((r) =>
      r.name !== route
        ? r
        : { ...r, rules: r.rules.map((rule, i) => (i === ruleIndex ? { ...rule, destinations: to } : rule)) },
    ),
  };
}

/**
 * Publishes a canary's weights as a new version: the same validate → compile → consistency check → publish path an
 * approved change takes (an automatic step never skips validation), authorized by the canary's approver, and audited
 * with the canary's id.
 */
export async function publishCanaryWeights(
  tx: Tx,
  canary: CanaryRef,
  to: Destination[],
  what: { kind: string; weight: number | null; actorId?: string | null },
): Promise<number> {
  await lockPublishing(tx);
  const mesh = withDestinations((await loadRunningMesh(tx)).mesh, canary.route, canary.ruleIndex, to);
  const errors = semanticIssues(mesh).filter((i) => i.severity === "error");
  if (errors.length > 0)
    throw badRequest(
      `The canary's ${what.kind} is invalid: ${errors[0]!.path.join(".")}: ${errors[0]!.message}`,
      errors,
      API_ERRORS.INVALID_CONFIG,
    );
  const actorId = what.actorId === undefined ? canary.approverId : what.actorId;
  const published = await publishMesh(tx, mesh, { actorId, changeSetId: null });
  await audit(tx, {
    actorId,
    action: `canary.${what.kind}`,
    entityType: "canary",
    entityId: canary.id,
    details: { canaryId: canary.id, approverId: canary.approverId, version: published.version, weight: what.weight },
  });
  return published.version;
}
