import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { signIn } from "@/lib/server/auth/sign-in.ts";

export const POST = handle(operations.login, async ({ body, client }) => {
  const { user, cookie } = await signIn(body, client);
  return Response.json({ user }, { headers: { "set-cookie": cookie } });
});
