import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { discardChange } from "@/lib/server/changes/workflow.ts";

export const POST = handle(operations.discardChange, ({ params, user }) => discardChange(user, params.id));
