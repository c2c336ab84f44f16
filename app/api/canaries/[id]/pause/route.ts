import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { pauseCanary } from "@/lib/server/canaries/canary-store.ts";

export const POST = handle(operations.pauseCanary, ({ params, body, user }) => pauseCanary(user, params.id, body.note));
