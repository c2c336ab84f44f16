import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { listRollouts } from "@/lib/server/rollouts/staged-rollout.ts";

export const dynamic = "force-dynamic";

export const GET = handle(operations.listRollouts, () => listRollouts());
