import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { recordNack } from "@/lib/server/xds/proxies.ts";
import { reportingAs } from "@/lib/server/xds/proxy-auth.ts";

export const POST = handle(operations.nack, async ({ body, proxy }) => {
  await recordNack(reportingAs(proxy, body), body);
  return { ok: true as const };
});
