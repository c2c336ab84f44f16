import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { clearedSessionCookie } from "@/lib/server/auth/cookies.ts";
import { deleteSession } from "@/lib/server/auth/session.ts";

export const POST = handle(operations.logout, async ({ session, client }) => {
  if (session) await deleteSession(session);
  return Response.json({ ok: true }, { headers: { "set-cookie": clearedSessionCookie(client.https) } });
});
