import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { completeSetup, setupRequired } from "@/lib/server/auth/setup.ts";

export const GET = handle(operations.setupStatus, async () => ({ required: await setupRequired() }));

export const POST = handle(operations.setup, async ({ body, client }) => {
  const { user, cookie } = await completeSetup(body, client.https);
  return Response.json({ user }, { status: 201, headers: { "set-cookie": cookie } });
});
