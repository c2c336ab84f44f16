import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { currentDraft } from "@/lib/server/changes/workflow.ts";

export const GET = handle(operations.currentDraft, ({ user }) => currentDraft(user));
