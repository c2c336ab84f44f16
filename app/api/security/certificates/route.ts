import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { listTlsSecrets, uploadTlsSecret } from "@/lib/server/security/tls-secrets.ts";

export const GET = handle(operations.listTlsSecrets, () => listTlsSecrets());
export const POST = handle(operations.uploadTlsSecret, ({ user, body }) => uploadTlsSecret(user, body));
