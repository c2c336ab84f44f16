import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { approveChange } from "@/lib/server/changes/workflow.ts";

export const POST = handle(operations.approveChange, ({ body, params, user }) =>
  approveChange(user, params.id, body.note, body.rollout),
);
