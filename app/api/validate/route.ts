import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { dryRun } from "@/lib/server/changes/dry-run.ts";

export const POST = handle(operations.validate, ({ body }) => dryRun(body.proposed));
