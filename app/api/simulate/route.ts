import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { simulateRequest } from "@/lib/server/simulate/simulate.ts";

export const POST = handle(operations.simulate, ({ user, body }) => simulateRequest(user, body));
