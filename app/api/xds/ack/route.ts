import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { recordAck } from "@/lib/server/xds/proxies.ts";
import { reportingAs } from "@/lib/server/xds/proxy-auth.ts";

export const POST = handle(operations.ack, async ({ body, proxy }) => {
  await recordAck(reportingAs(proxy, body), body);
  return { ok: true as const };
});
