import "server-only";
import type { User } from "@/lib/core/api/index.ts";
import { RoleSchema } from "@/lib/core/api/index.ts";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { newToken, tokenHash } from "./tokens.ts";

type Db = Prisma.TransactionClient;

/** lastSeenAt is written at most this often, so reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

const idleMs = () => env().SIGNALBOX_SESSION_IDLE_MINUTES * 60_000;

export async function createSession(userId: string, db?: Db): Promise<{ token: string; expiresAt: Date }> {
  const prisma = db ?? (await getPrisma());
  const token = newToken("sbs");
  const expiresAt = new Date(Date.now() + env().SIGNALBOX_SESSION_TTL_HOURS * 3600_000);
  await prisma.session.create({ data: { id: tokenHash(token), userId, expiresAt } });
  return { token, expiresAt };
}

export async function deleteSession(token: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.session.deleteMany({ where: { id: tokenHash(token) } });
}

/** Ends every session of a user, but the one whose token is `keep` (a password change keeps the caller's). */
export async function deleteUserSessions(db: Db, userId: string, keep?: string): Promise<number> {
  const where = keep ? { userId, NOT: { id: tokenHash(keep) } } : { userId };
  return (await db.session.deleteMany({ where })).count;
}

type UserRow = { id: string; username: string; displayName: string; role: string };
export const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  displayName: row.displayName,
  role: RoleSchema.parse(row.role),
});

/** The session's user, or null when it does not exist, has expired (absolute or idle) or its user is disabled. */
export async function userForSession(token: string): Promise<User | null> {
  const prisma = await getPrisma();
  const id = tokenHash(token);
  const session = await prisma.session.findUnique({ where: { id }, include: { user: true } });
  if (!session) return null;
  const now = Date.now();
  const idle = now - session.lastSeenAt.getTime() > idleMs();
  if (session.expiresAt.getTime() <= now || idle || session.user.disabledAt) {
    await prisma.session.deleteMany({ where: { id } });
    return null;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS)
    await prisma.session.update({ where: { id }, data: { lastSeenAt: new Date(now) } });
  return toUser(session.user);
}

/** API tokens (for scripts and the CLI) act with the token's role, never above its owner's. */
export async function userForApiToken(token: string): Promise<User | null> {
  const prisma = await getPrisma();
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: tokenHash(token) }, include: { user: true } });
  if (!row || row.revokedAt || row.user.disabledAt) return null;
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return null;
  await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { ...toUser(row.user), role: RoleSchema.parse(row.role) };
}

/**
 * Deletes sessions past their absolute or idle end, throttle entries nobody failed for a day, and setup tokens
 * past their end. Runs at start and then periodically (lib/server/boot.ts).
 */
export async function purgeExpired(): Promise<{ sessions: number }> {
  const prisma = await getPrisma();
  const now = Date.now();
  const sessions = await prisma.session.deleteMany({
    where: { OR: [{ expiresAt: { lte: new Date(now) } }, { lastSeenAt: { lt: new Date(now - idleMs()) } }] },
  });
  await prisma.loginThrottle.deleteMany({ where: { lastFailureAt: { lt: new Date(now - 24 * 3600_000) } } });
  await prisma.setupToken.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  return { sessions: sessions.count };
}
