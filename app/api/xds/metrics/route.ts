import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { metricsHub } from "@/lib/server/metrics/hub.ts";

export const POST = handle(operations.reportMetrics, async ({ body }) => {
  metricsHub.ingest(body);
  return { ok: true as const };
});
