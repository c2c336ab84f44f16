import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { listInstances } from "@/lib/server/registry/registry-queries.ts";

export const dynamic = "force-dynamic";

export const GET = handle(operations.listRegistry, async ({ query }) => listInstances(query.service));
