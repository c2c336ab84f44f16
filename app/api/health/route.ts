import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { runningVersion } from "@/lib/server/config/running-config.ts";

export const GET = handle(operations.health, async () => ({ ok: true as const, version: await runningVersion() }));
