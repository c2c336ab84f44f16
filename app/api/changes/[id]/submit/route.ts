import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { submitChange } from "@/lib/server/changes/workflow.ts";

export const POST = handle(operations.submitChange, ({ params, user }) => submitChange(user, params.id));
