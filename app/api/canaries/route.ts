import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { createCanary, listCanaries } from "@/lib/server/canaries/canary-store.ts";

export const dynamic = "force-dynamic";

export const GET = handle(operations.listCanaries, async () => ({ canaries: await listCanaries() }));
export const POST = handle(operations.createCanary, ({ body, user }) => createCanary(user, body));
