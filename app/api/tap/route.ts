import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { openTap } from "@/lib/server/tap/sessions.ts";

export const POST = handle(operations.createTap, async ({ user, body }) => openTap(user, body));
