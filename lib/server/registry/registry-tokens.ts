import "server-only";
import type { RegistryToken } from "@/lib/core/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { userForApiToken } from "@/lib/server/auth/session.ts";
import { newToken, tokenHash } from "@/lib/server/auth/tokens.ts";
import { notFound } from "@/lib/server/http/errors.ts";
import { audit } from "@/lib/server/audit/audit-log.ts";

/** A caller of the registry: the management token (an admin's API token) or a registration token and its services. */
export type RegistryCaller =
  | { kind: "management"; name: string }
  | { kind: "registration"; id: string; name: string; services: readonly string[] };

export const mayWrite = (caller: RegistryCaller, service: string): boolean =>
  caller.kind === "management" || caller.services.includes(service);

type Row = Awaited<ReturnType<Awaited<ReturnType<typeof getPrisma>>["registryToken"]["findFirstOrThrow"]>>;

const view = (r: Row): RegistryToken => ({
  id: r.id,
  name: r.name,
  services: [...r.services].sort(),
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

/**
 * Who presents this secret: a live registration token, or an admin's API token (Consul's management token), or
 * nobody (null). Registration tokens touch their lastUsedAt at most once a minute.
 */
export async function registryCaller(secret: string | null): Promise<RegistryCaller | null> {
  if (!secret) return null;
  // Instances call often (TTL updates, re-registrations, blocking reads): an answer is reused for CALLER_TTL_MS, so
  // a revocation on another console instance takes effect within that (at once on this one: revokeRegistryToken).
  const key = tokenHash(secret);
  const hit = callers.get(key);
  if (hit && hit.until > Date.now()) return hit.caller;
  const caller = await lookUpCaller(secret);
  if (callers.size >= 10_000) callers.clear();
  callers.set(key, { caller, until: Date.now() + CALLER_TTL_MS });
  return caller;
}

const CALLER_TTL_MS = 2_000;
const g = globalThis as unknown as {
  __signalboxRegistryCallers?: Map<string, { caller: RegistryCaller | null; until: number }>;
};
const callers = (g.__signalboxRegistryCallers ??= new Map());

async function lookUpCaller(secret: string): Promise<RegistryCaller | null> {
  const prisma = await getPrisma();
  const row = await prisma.registryToken.findUnique({ where: { tokenHash: tokenHash(secret) } });
  if (row) {
    if (row.revokedAt) return null;
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000)
      await prisma.registryToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
    return { kind: "registration", id: row.id, name: row.name, services: row.services };
  }
  const user = await userForApiToken(secret);
  return user?.role === "ADMIN" ? { kind: "management", name: user.username } : null;
}

export async function listRegistryTokens(): Promise<RegistryToken[]> {
  const prisma = await getPrisma();
  return (await prisma.registryToken.findMany({ orderBy: { createdAt: "desc" } })).map(view);
}

export async function tokenNames(): Promise<Map<string, string>> {
  const prisma = await getPrisma();
  return new Map(
    (await prisma.registryToken.findMany({ select: { id: true, name: true } })).map((t) => [t.id, t.name]),
  );
}

export async function createRegistryToken(
  actor: { id: string | null; username: string },
  input: { name: string; services: string[] },
  secret: string = newToken("sbr"),
): Promise<{ token: RegistryToken; secret: string }> {
  const prisma = await getPrisma();
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.registryToken.create({
      data: {
        name: input.name,
        services: [...new Set(input.services)].sort(),
        tokenHash: tokenHash(secret),
        createdBy: actor.username,
      },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "registry.token.create",
      entityType: "registry_token",
      entityId: created.id,
      details: { name: created.name, services: created.services },
    });
    return created;
  });
  return { token: view(row), secret };
}

export async function revokeRegistryToken(actor: { id: string }, id: string): Promise<RegistryToken> {
  const prisma = await getPrisma();
  const row = await prisma.registryToken.findUnique({ where: { id } });
  if (!row) throw notFound(`No registration token ${id}`);
  callers.delete(row.tokenHash);
  const updated = await prisma.$transaction(async (tx) => {
    const r = await tx.registryToken.update({ where: { id }, data: { revokedAt: row.revokedAt ?? new Date() } });
    await audit(tx, { actorId: actor.id, action: "registry.token.revoke", entityType: "registry_token", entityId: id });
    return r;
  });
  return view(updated);
}
