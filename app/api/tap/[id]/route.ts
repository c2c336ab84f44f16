import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { closeTap, tapOf } from "@/lib/server/tap/sessions.ts";

export const DELETE = handle(operations.stopTap, async ({ user, params }) => {
  await closeTap((await tapOf(user, params.id)).id);
  return { ok: true as const };
});
