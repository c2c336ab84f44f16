import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { createRegistryToken, listRegistryTokens } from "@/lib/server/registry/registry-tokens.ts";

export const GET = handle(operations.listRegistryTokens, async () => ({ tokens: await listRegistryTokens() }));

export const POST = handle(operations.createRegistryToken, async ({ user, body }) =>
  createRegistryToken({ id: user.id, username: user.username }, body),
);
