import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { listEvents } from "@/lib/server/registry/registry-queries.ts";

export const dynamic = "force-dynamic";

export const GET = handle(operations.listRegistryEvents, async ({ query }) => ({
  events: await listEvents(query.limit),
}));
