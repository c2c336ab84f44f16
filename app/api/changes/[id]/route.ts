import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { changeDetail, updateChange } from "@/lib/server/changes/workflow.ts";

export const GET = handle(operations.getChange, async ({ params }) => changeDetail(await getPrisma(), params.id!));

export const PUT = handle(operations.updateChange, async ({ body, params, user }) =>
  updateChange(user, params.id!, body),
);
