import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { createJoinToken, listJoinTokens } from "@/lib/server/security/proxy-identities.ts";

export const GET = handle(operations.listJoinTokens, () => listJoinTokens());
export const POST = handle(operations.createJoinToken, ({ user, body }) => createJoinToken(user, body));
