import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { changePassword } from "@/lib/server/auth/account.ts";

export const POST = handle(operations.changePassword, async ({ user, body, session }) => {
  await changePassword(user, body, session);
  return { ok: true as const };
});
