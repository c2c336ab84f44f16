import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { resumeRollout } from "@/lib/server/rollouts/staged-rollout.ts";

export const POST = handle(operations.resumeRollout, ({ params, body, user }) =>
  resumeRollout(user, params.version, body.note),
);
