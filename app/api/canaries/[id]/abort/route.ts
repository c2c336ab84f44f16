import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { abortCanary } from "@/lib/server/canaries/canary-store.ts";

export const POST = handle(operations.abortCanary, ({ params, body, user }) => abortCanary(user, params.id, body.note));
