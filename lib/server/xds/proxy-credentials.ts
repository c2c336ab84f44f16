import "server-only";
import type {
  CreateProxyCredentialRequest,
  CreatedProxyCredentialResponse,
  ProxyCredential,
  ProxyCredentialListResponse,
  User,
} from "@/lib/core/api/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { newToken, tokenHash } from "@/lib/server/auth/tokens.ts";
import { notFound } from "@/lib/server/http/errors.ts";

type Row = {
  id: string;
  nodeId: string;
  gateway: string | null;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const toCredential = (r: Row): ProxyCredential => ({
  id: r.id,
  nodeId: r.nodeId,
  gateway: r.gateway,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

export async function listProxyCredentials(): Promise<ProxyCredentialListResponse> {
  const prisma = await getPrisma();
  const rows = await prisma.proxyCredential.findMany({ orderBy: [{ revokedAt: "desc" }, { createdAt: "desc" }] });
  // Active ones first, then revoked ones, newest first within each.
  rows.sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null));
  return { credentials: rows.map(toCredential) };
}

/**
 * A new secret bound to a node id and gateway. Several may exist for one node (rotation: create the new one,
 * restart the proxy with it, revoke the old one).
 */
export async function createProxyCredential(
  user: User,
  input: CreateProxyCredentialRequest,
): Promise<CreatedProxyCredentialResponse> {
  const prisma = await getPrisma();
  const secret = newToken("sbp");
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.proxyCredential.create({
      data: {
        nodeId: input.nodeId,
        gateway: input.gateway ?? null,
        tokenHash: tokenHash(secret),
        createdBy: user.username,
      },
    });
    await audit(tx, {
      actorId: user.id,
      action: "proxy_credential.created",
      entityType: "proxy",
      entityId: input.nodeId,
      details: { credential: created.id, gateway: created.gateway },
    });
    return created;
  });
  return { credential: toCredential(row), secret };
}

export async function revokeProxyCredential(user: User, id: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    const row = await tx.proxyCredential.findUnique({ where: { id } });
    if (!row) throw notFound(`Proxy credential ${id} does not exist`);
    if (row.revokedAt) return;
    await tx.proxyCredential.update({ where: { id }, data: { revokedAt: new Date() } });
    await audit(tx, {
      actorId: user.id,
      action: "proxy_credential.revoked",
      entityType: "proxy",
      entityId: row.nodeId,
      details: { credential: id },
    });
  });
}
