import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { revokeProxyIdentity } from "@/lib/server/security/proxy-identities.ts";

export const POST = handle(operations.revokeProxyIdentity, async ({ user, params }) => {
  await revokeProxyIdentity(user, params.id);
  return { ok: true as const };
});
