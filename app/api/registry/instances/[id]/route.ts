import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { notFound } from "@/lib/server/http/errors.ts";
import { deregisterInstance } from "@/lib/server/registry/registry-store.ts";

export const DELETE = handle(operations.deregisterInstance, async ({ user, params }) => {
  const done = await deregisterInstance(params.id, { name: user.username, source: "api", tokenId: null });
  if (!done) throw notFound(`No registered instance ${params.id}`);
  return { ok: true as const };
});
