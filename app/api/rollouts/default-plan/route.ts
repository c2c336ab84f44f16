import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { setDefaultRolloutPlan } from "@/lib/server/rollouts/default-plan.ts";

export const PUT = handle(operations.setDefaultRolloutPlan, ({ body, user }) => setDefaultRolloutPlan(user, body.plan));
