import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { deleteTlsSecret } from "@/lib/server/security/tls-secrets.ts";

export const DELETE = handle(operations.deleteTlsSecret, async ({ user, params }) => {
  await deleteTlsSecret(user, params.id);
  return { ok: true as const };
});
