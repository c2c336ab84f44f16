import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { joinProxy } from "@/lib/server/security/proxy-identities.ts";

export const POST = handle(operations.joinProxy, ({ body }) => joinProxy(body));
