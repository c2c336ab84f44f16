import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";

export const GET = handle(operations.me, async ({ user }) => ({ user }));
