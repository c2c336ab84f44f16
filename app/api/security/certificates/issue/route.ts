import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { issueTlsSecret } from "@/lib/server/security/tls-secrets.ts";

export const POST = handle(operations.issueTlsSecret, ({ user, body }) => issueTlsSecret(user, body));
