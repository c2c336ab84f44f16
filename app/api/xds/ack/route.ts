import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { recordAck } from "@/lib/server/xds/proxies.ts";

export const POST = handle(operations.ack, async ({ body }) => {
  await recordAck(await getPrisma(), body);
  return { ok: true as const };
});
