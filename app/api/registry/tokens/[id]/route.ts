import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { revokeRegistryToken } from "@/lib/server/registry/registry-tokens.ts";

export const DELETE = handle(operations.revokeRegistryToken, async ({ user, params }) =>
  revokeRegistryToken(user, params.id),
);
