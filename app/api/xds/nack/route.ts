import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { recordNack } from "@/lib/server/xds/proxies.ts";

export const POST = handle(operations.nack, async ({ body }) => {
  await recordNack(body);
  return { ok: true as const };
});
