import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { metricsHub } from "@/lib/server/metrics/hub.ts";

export const GET = handle(operations.endpointHealth, async () => ({ nodes: metricsHub.endpointHealth() }));
