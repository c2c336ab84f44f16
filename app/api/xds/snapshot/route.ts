import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { pollSnapshot } from "@/lib/server/xds/long-poll.ts";
import { reportingAs } from "@/lib/server/xds/proxy-auth.ts";
import { snapshotResponse } from "@/lib/server/xds/snapshot-bytes.ts";

export const dynamic = "force-dynamic";

export const GET = handle(operations.pollSnapshot, async ({ request, query, proxy }) => {
  const snapshot = await pollSnapshot(reportingAs(proxy, query), proxy, query, request.signal);
  if (!snapshot) return new Response(null, { status: 304 });
  return snapshotResponse(snapshot, request);
});
