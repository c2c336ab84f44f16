import "server-only";
import type { LoginRequest, User } from "@/lib/core/api/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { unauthorized } from "@/lib/server/http/errors.ts";
import { verifyPassword } from "./password.ts";
import { createSession, sessionCookie, toUser } from "./session.ts";

/** Checks the password and opens a session; `cookie` is the set-cookie value that carries it. */
export async function signIn(credentials: LoginRequest): Promise<{ user: User; cookie: string }> {
  const prisma = await getPrisma();
  const row = await prisma.user.findUnique({ where: { username: credentials.username } });
  // One message for both cases, so the endpoint does not reveal which usernames exist.
  if (!row || !(await verifyPassword(credentials.password, row.passwordHash)))
    throw unauthorized("Wrong username or password");
  const session = await createSession(row.id);
  return { user: toUser(row), cookie: sessionCookie(session.token, session.expiresAt) };
}
