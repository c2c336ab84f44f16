import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { getCanary } from "@/lib/server/canaries/canary-store.ts";

export const dynamic = "force-dynamic";

export const GET = handle(operations.getCanary, ({ params }) => getCanary(params.id));
