import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { registrySummary } from "@/lib/server/registry/registry-queries.ts";

export const dynamic = "force-dynamic";

export const GET = handle(operations.registrySummary, async () => registrySummary());
