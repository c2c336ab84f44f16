import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { metricsHub } from "@/lib/server/metrics/hub.ts";
import { checkMetricsBatch } from "@/lib/server/metrics/report-check.ts";
import { reportingAs } from "@/lib/server/xds/proxy-auth.ts";

export const POST = handle(operations.reportMetrics, async ({ body, proxy }) => {
  await checkMetricsBatch(reportingAs(proxy, body), body);
  metricsHub.ingest(body);
  return { ok: true as const };
});
