import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { getRollout } from "@/lib/server/rollouts/staged-rollout.ts";

export const dynamic = "force-dynamic";

export const GET = handle(operations.getRollout, ({ params }) => getRollout(params.version));
