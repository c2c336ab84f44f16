import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { pollEndpoints } from "@/lib/server/registry/endpoints-discovery.ts";
import { reportingAs } from "@/lib/server/xds/proxy-auth.ts";

export const dynamic = "force-dynamic";

export const GET = handle(operations.pollEndpoints, async ({ request, query, proxy }) => {
  reportingAs(proxy, query);
  const answer = await pollEndpoints(proxy, query, request.signal);
  if (!answer) return new Response(null, { status: 304 });
  // The bytes built once for this registry state, shared by every proxy woken with it.
  return new Response(answer.json, { headers: { "content-type": "application/json", "cache-control": "no-store" } });
});
