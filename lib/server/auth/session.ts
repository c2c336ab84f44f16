import "server-only";
import type { User } from "@/lib/core/api/index.ts";
import { RoleSchema } from "@/lib/core/api/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { newToken, tokenHash } from "./tokens.ts";

const SESSION_COOKIE = "sb_session";

export async function createSession(userId: string): Promise<{ token: string; expiresAt: Date }> {
  const prisma = await getPrisma();
  const token = newToken("sbs");
  const expiresAt = new Date(Date.now() + env().SIGNALBOX_SESSION_TTL_HOURS * 3600_000);
  await prisma.session.create({ data: { id: tokenHash(token), userId, expiresAt } });
  return { token, expiresAt };
}

export async function deleteSession(token: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.session.deleteMany({ where: { id: tokenHash(token) } });
}

type UserRow = { id: string; username: string; displayName: string; role: string };
export const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  displayName: row.displayName,
  role: RoleSchema.parse(row.role),
});

export async function userForSession(token: string): Promise<User | null> {
  const prisma = await getPrisma();
  const session = await prisma.session.findUnique({ where: { id: tokenHash(token) }, include: { user: true } });
  if (!session || session.expiresAt.getTime() < Date.now()) return null;
  return toUser(session.user);
}

/** API tokens (for scripts and the CLI) act with the token's role, never above its owner's. */
export async function userForApiToken(token: string): Promise<User | null> {
  const prisma = await getPrisma();
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: tokenHash(token) }, include: { user: true } });
  if (!row || row.revokedAt) return null;
  await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { ...toUser(row.user), role: RoleSchema.parse(row.role) };
}

export function cookieToken(request: Request): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join("="));
  }
  return null;
}

export function sessionCookie(token: string, expiresAt: Date): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Expires=${expiresAt.toUTCString()}`;
}

export const clearedSessionCookie = () => `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
