import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { updateUser } from "@/lib/server/auth/users.ts";

export const PUT = handle(operations.updateUser, ({ user, params, body }) => updateUser(user, params.id, body));
