import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { revokeApiToken } from "@/lib/server/auth/api-tokens.ts";

export const DELETE = handle(operations.revokeToken, async ({ user, params }) => {
  await revokeApiToken(user, params.id);
  return { ok: true as const };
});
