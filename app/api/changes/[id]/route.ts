import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { updateChange } from "@/lib/server/changes/workflow.ts";
import { getChange } from "@/lib/server/changes/change-queries.ts";

export const GET = handle(operations.getChange, ({ params }) => getChange(params.id));

export const PUT = handle(operations.updateChange, ({ body, params, user }) => updateChange(user, params.id, body));
