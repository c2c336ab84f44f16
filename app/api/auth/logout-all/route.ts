import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { signOutEverywhere } from "@/lib/server/auth/account.ts";
import { clearedSessionCookie } from "@/lib/server/auth/cookies.ts";

export const POST = handle(operations.logoutEverywhere, async ({ user, client }) => {
  await signOutEverywhere(user);
  return Response.json({ ok: true }, { headers: { "set-cookie": clearedSessionCookie(client.https) } });
});
