import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { revokeJoinToken } from "@/lib/server/security/proxy-identities.ts";

export const DELETE = handle(operations.revokeJoinToken, async ({ user, params }) => {
  await revokeJoinToken(user, params.id);
  return { ok: true as const };
});
