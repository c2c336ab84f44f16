import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { latestVersionNumber } from "@/lib/server/config/publish.ts";

export const GET = handle(operations.health, async () => ({
  ok: true as const,
  version: await latestVersionNumber(await getPrisma()),
}));
