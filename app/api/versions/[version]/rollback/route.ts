import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { rollbackTo } from "@/lib/server/versions/rollback.ts";

export const POST = handle(operations.rollback, ({ params, user }) => rollbackTo(user, params.version));
