import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { abortRollout } from "@/lib/server/rollouts/staged-rollout.ts";

export const POST = handle(operations.abortRollout, ({ params, body, user }) =>
  abortRollout(user, params.version, body.note),
);
