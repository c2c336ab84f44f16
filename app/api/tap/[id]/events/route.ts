import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { tapEventStream } from "@/lib/server/tap/events.ts";
import { lastSampleId } from "@/lib/server/tap/samples.ts";
import { tapOf } from "@/lib/server/tap/sessions.ts";

export const dynamic = "force-dynamic";

export const GET = handle(operations.tapEvents, async ({ user, params, request }) => {
  const tap = await tapOf(user, params.id);
  return tapEventStream(tap.id, await lastSampleId(tap.id), request.signal);
});
