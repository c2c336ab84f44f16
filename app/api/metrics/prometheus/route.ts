import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { consoleExposition } from "@/lib/server/metrics/prometheus.ts";

const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export const GET = handle(operations.prometheusMetrics, async () => {
  return new Response(await consoleExposition(), { headers: { "content-type": CONTENT_TYPE } });
});
