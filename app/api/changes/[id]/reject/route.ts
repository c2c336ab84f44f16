import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { rejectChange } from "@/lib/server/changes/workflow.ts";

export const POST = handle(operations.rejectChange, ({ body, params, user }) =>
  rejectChange(user, params.id, body.note),
);
