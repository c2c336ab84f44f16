import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { approveCanary } from "@/lib/server/canaries/canary-store.ts";

export const POST = handle(operations.approveCanary, ({ params, body, user }) =>
  approveCanary(user, params.id, body.note),
);
