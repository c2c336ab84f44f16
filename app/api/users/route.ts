import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { createUser, listUsers } from "@/lib/server/auth/users.ts";

export const GET = handle(operations.listUsers, async () => ({ users: await listUsers() }));

export const POST = handle(operations.createUser, ({ user, body }) => createUser(user, body));
