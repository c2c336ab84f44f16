import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { createApiToken, listApiTokens } from "@/lib/server/auth/api-tokens.ts";

export const GET = handle(operations.listTokens, async ({ user }) => ({ tokens: await listApiTokens(user) }));

export const POST = handle(operations.createToken, async ({ user, body }) => createApiToken(user, body));
