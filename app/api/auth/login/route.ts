import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { unauthorized } from "@/lib/server/http/errors.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { verifyPassword } from "@/lib/server/auth/password.ts";
import { createSession, sessionCookie, toUser } from "@/lib/server/auth/session.ts";

export const POST = handle(operations.login, async ({ body }) => {
  const prisma = await getPrisma();
  const row = await prisma.user.findUnique({ where: { username: body.username } });
  // One message for both cases, so the endpoint does not reveal which usernames exist.
  if (!row || !(await verifyPassword(body.password, row.passwordHash)))
    throw unauthorized("Wrong username or password");
  const session = await createSession(row.id);
  return Response.json(
    { user: toUser(row) },
    { headers: { "set-cookie": sessionCookie(session.token, session.expiresAt) } },
  );
});
