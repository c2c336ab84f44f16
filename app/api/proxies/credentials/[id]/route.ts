import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { revokeProxyCredential } from "@/lib/server/xds/proxy-credentials.ts";

export const DELETE = handle(operations.revokeProxyCredential, async ({ user, params }) => {
  await revokeProxyCredential(user, params.id);
  return { ok: true as const };
});
