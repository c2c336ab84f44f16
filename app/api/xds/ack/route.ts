import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { recordAck } from "@/lib/server/xds/proxies.ts";

export const POST = handle(operations.ack, async ({ body }) => {
  await recordAck(body);
  return { ok: true as const };
});
