import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { queryStored } from "@/lib/server/metrics/history.ts";
import { metricsHub } from "@/lib/server/metrics/hub.ts";

export const GET = handle(operations.metrics, async ({ query }) =>
  query.range === "live" ? metricsHub.query(query.window, query.groupBy) : queryStored(query.range, query.groupBy),
);
