import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { clearedSessionCookie, cookieToken, deleteSession } from "@/lib/server/auth/session.ts";

export const POST = handle(operations.logout, async ({ request }) => {
  const token = cookieToken(request);
  if (token) await deleteSession(token);
  return Response.json({ ok: true }, { headers: { "set-cookie": clearedSessionCookie() } });
});
