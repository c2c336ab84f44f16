import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { retireRoot } from "@/lib/server/security/ca.ts";

export const POST = handle(operations.retireCaRoot, ({ user, params }) => retireRoot(user, params.id));
