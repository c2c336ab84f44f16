import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { createChange } from "@/lib/server/changes/workflow.ts";
import { listChanges } from "@/lib/server/changes/change-queries.ts";

export const GET = handle(operations.listChanges, () => listChanges());

export const POST = handle(operations.createChange, ({ body, user }) => createChange(user, body));
