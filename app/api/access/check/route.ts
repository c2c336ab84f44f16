import { operations } from "@/lib/core/api/index.ts";
import { accessCheck } from "@/lib/server/access/check.ts";
import { handle } from "@/lib/server/http/handler.ts";

export const POST = handle(operations.accessCheck, ({ user, body }) => accessCheck(user, body));
