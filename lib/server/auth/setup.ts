import "server-only";
import type { SetupRequest, User } from "@/lib/core/api/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { conflict, unauthorized } from "@/lib/server/http/errors.ts";
import { sessionCookie } from "./cookies.ts";
import { createSession, toUser } from "./session.ts";
import { newToken, tokenHash } from "./tokens.ts";
import { insertUser } from "./users.ts";

// Serialises concurrent setups across console instances, so there is exactly one first admin.
const SETUP_LOCK_KEY = 73_556_082;

export async function setupRequired(): Promise<boolean> {
  const prisma = await getPrisma();
  return (await prisma.user.count()) === 0;
}

/**
 * A fresh one-time setup token while no user exists; only its sha256 is stored. The console prints it in its
 * log (whoever can read the log runs the machine), valid for SIGNALBOX_SETUP_TOKEN_TTL_MINUTES and once.
 */
export async function issueSetupToken(): Promise<{ token: string; expiresAt: Date }> {
  const prisma = await getPrisma();
  const token = newToken("sbsetup");
  const expiresAt = new Date(Date.now() + env().SIGNALBOX_SETUP_TOKEN_TTL_MINUTES * 60_000);
  await prisma.setupToken.create({ data: { id: tokenHash(token), expiresAt } });
  return { token, expiresAt };
}

/** Creates the first admin with a valid setup token and signs them in. */
export async function completeSetup(input: SetupRequest, https: boolean): Promise<{ user: User; cookie: string }> {
  const prisma = await getPrisma();
  const { row, session } = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK_KEY}::bigint)`;
    if ((await tx.user.count()) > 0) throw conflict("Setup is complete: an admin exists. Sign in instead.");
    const used = await tx.setupToken.updateMany({
      where: { id: tokenHash(input.token), usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (used.count !== 1)
      throw unauthorized("token: the setup token is wrong, used or expired; restart the console for a new one");
    const created = await insertUser(tx, null, { ...input, role: "ADMIN" }, "setup");
    return { row: created, session: await createSession(created.id, tx) };
  });
  return { user: toUser(row), cookie: sessionCookie(session.token, session.expiresAt, https) };
}
