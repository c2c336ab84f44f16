import "server-only";
import { mayDelegate, type ApiToken, type Role, type User } from "@/lib/core/api/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { badRequest, forbidden, notFound } from "@/lib/server/http/errors.ts";
import { newToken, tokenHash } from "./tokens.ts";

type Row = {
  id: string;
  name: string;
  role: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
};
const toApiToken = (r: Row): ApiToken => ({
  id: r.id,
  name: r.name,
  role: r.role as Role,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
  expiresAt: r.expiresAt?.toISOString() ?? null,
});

export async function listApiTokens(user: User): Promise<ApiToken[]> {
  const prisma = await getPrisma();
  const rows = await prisma.apiToken.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" } });
  return rows.map(toApiToken);
}

/** A token acts with a role no higher than its owner's, so a script can be given less than its author has. */
export async function createApiToken(
  user: User,
  input: { name: string; role?: Role; expiresAt?: string | null },
): Promise<{ token: ApiToken; secret: string }> {
  const role = input.role ?? user.role;
  if (!mayDelegate(user.role, role)) throw forbidden(`role: a ${user.role} cannot create a ${role} token`);
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now())
    throw badRequest("expiresAt: must be in the future", [{ path: ["expiresAt"], message: "must be in the future" }]);
  const prisma = await getPrisma();
  const secret = newToken("sbt");
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { name: input.name, role, userId: user.id, tokenHash: tokenHash(secret), expiresAt },
    });
    await audit(tx, {
      actorId: user.id,
      action: "token.created",
      entityType: "api_token",
      entityId: created.id,
      details: { name: input.name, role, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return created;
  });
  return { token: toApiToken(row), secret };
}

export async function revokeApiToken(user: User, id: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id } });
    if (!row || row.userId !== user.id) throw notFound(`API token ${id} does not exist`);
    await tx.apiToken.update({ where: { id }, data: { revokedAt: row.revokedAt ?? new Date() } });
    await audit(tx, { actorId: user.id, action: "token.revoked", entityType: "api_token", entityId: id });
  });
}
