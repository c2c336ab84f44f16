import "server-only";
import { API_ERRORS, type LoginRequest, type User } from "@/lib/core/api/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { HttpError, unauthorized } from "@/lib/server/http/errors.ts";
import { sessionCookie } from "./cookies.ts";
import { clearFailures, recordFailure, retryAfterSeconds, throttleKeys } from "./login-throttle.ts";
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "./password.ts";
import { createSession, purgeExpired, toUser } from "./session.ts";

export interface ClientInfo {
  address: string;
  https: boolean;
}

export const tooManyAttempts = (seconds: number) =>
  new HttpError(API_ERRORS.TOO_MANY_REQUESTS, `Too many failed sign-ins; try again in ${seconds} s`, [], {
    "retry-after": String(seconds),
  });

/**
 * Checks the password and opens a session; `cookie` is the set-cookie value that carries it. Throttled per
 * user name and client address; an unknown user name costs the same scrypt work as a known one, and every
 * failure is in the audit log.
 */
export async function signIn(credentials: LoginRequest, client: ClientInfo): Promise<{ user: User; cookie: string }> {
  const keys = throttleKeys(credentials.username, client.address);
  const wait = await retryAfterSeconds(keys);
  if (wait > 0) throw tooManyAttempts(wait);
  const prisma = await getPrisma();
  const row = await prisma.user.findUnique({ where: { username: credentials.username } });
  const ok = row
    ? await verifyPassword(credentials.password, row.passwordHash)
    : await verifyAgainstDummy(credentials.password);
  if (!row || !ok || row.disabledAt) {
    const reason = !row ? "unknown user" : !ok ? "wrong password" : "user disabled";
    await prisma.$transaction(async (tx) => {
      await recordFailure(keys, tx);
      await audit(tx, {
        actorId: null,
        action: "login.failed",
        entityType: "user",
        entityId: credentials.username,
        details: { reason, address: client.address },
      });
    });
    // One message for every case, so the endpoint does not reveal which user names exist.
    throw unauthorized("Wrong username or password");
  }
  await clearFailures(keys[0]!);
  if (needsRehash(row.passwordHash)) {
    await prisma.user.update({
      where: { id: row.id },
      data: { passwordHash: await hashPassword(credentials.password) },
    });
  }
  const session = await createSession(row.id);
  // Sign-ins are rare enough to sweep expired sessions on each one, besides the periodic purge.
  await purgeExpired();
  await prisma.$transaction((tx) =>
    audit(tx, {
      actorId: row.id,
      action: "login.succeeded",
      entityType: "user",
      entityId: row.id,
      details: { address: client.address },
    }),
  );
  return { user: toUser(row), cookie: sessionCookie(session.token, session.expiresAt, client.https) };
}
