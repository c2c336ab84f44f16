import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { pollSnapshot } from "@/lib/server/xds/long-poll.ts";

export const dynamic = "force-dynamic";

export const GET = handle(operations.pollSnapshot, async ({ request, query }) => {
  const snapshot = await pollSnapshot(query, request.signal);
  if (!snapshot) return new Response(null, { status: 304 });
  return Response.json(snapshot, { headers: { "cache-control": "no-store" } });
});
