import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { resumeCanary } from "@/lib/server/canaries/canary-store.ts";

export const POST = handle(operations.resumeCanary, ({ params, body, user }) =>
  resumeCanary(user, params.id, body.note),
);
