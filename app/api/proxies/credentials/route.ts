import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { createProxyCredential, listProxyCredentials } from "@/lib/server/xds/proxy-credentials.ts";

export const GET = handle(operations.listProxyCredentials, () => listProxyCredentials());
export const POST = handle(operations.createProxyCredential, ({ user, body }) => createProxyCredential(user, body));
