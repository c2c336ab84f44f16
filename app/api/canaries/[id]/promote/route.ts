import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { promoteCanary } from "@/lib/server/canaries/canary-store.ts";

export const POST = handle(operations.promoteCanary, ({ params, body, user }) =>
  promoteCanary(user, params.id, body.note),
);
