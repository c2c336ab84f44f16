import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { recordNack } from "@/lib/server/xds/proxies.ts";

export const POST = handle(operations.nack, async ({ body }) => {
  const prisma = await getPrisma();
  await prisma.$transaction((tx) => recordNack(tx, body));
  return { ok: true as const };
});
