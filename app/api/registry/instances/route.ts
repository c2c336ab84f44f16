import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { registerAsUser } from "@/lib/server/registry/registry-admin.ts";

export const POST = handle(operations.registerInstance, async ({ user, body }) => {
  const { source, ...reg } = body;
  return registerAsUser(user, reg, source);
});
