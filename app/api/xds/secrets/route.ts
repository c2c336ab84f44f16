import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { pollSecrets } from "@/lib/server/security/secrets-discovery.ts";
import { reportingAs } from "@/lib/server/xds/proxy-auth.ts";

export const dynamic = "force-dynamic";

export const GET = handle(operations.pollSecrets, async ({ request, query, proxy }) => {
  const { gateway } = reportingAs(proxy, query);
  const secrets = await pollSecrets(gateway, proxy, query, request.signal);
  if (!secrets) return new Response(null, { status: 304 });
  return Response.json(secrets, { headers: { "cache-control": "no-store" } });
});
