import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { metricsHub } from "@/lib/server/metrics/hub.ts";
import { checkMetricsBatch } from "@/lib/server/metrics/report-check.ts";
import { storeSamples } from "@/lib/server/tap/samples.ts";
import { openTapSpecs } from "@/lib/server/tap/sessions.ts";
import { reportingAs } from "@/lib/server/xds/proxy-auth.ts";

export const POST = handle(operations.reportMetrics, async ({ body, proxy }) => {
  await checkMetricsBatch(reportingAs(proxy, body), body);
  metricsHub.ingest(body);
  if (body.tap) await storeSamples(body.node, body.tap);
  // The answer tells the proxy which live taps are open (none: it samples nothing).
  const taps = await openTapSpecs();
  return taps.length > 0 ? { ok: true as const, taps } : { ok: true as const };
});
