import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { changeRollout } from "@/lib/server/changes/rollout.ts";

export const dynamic = "force-dynamic";

export const GET = handle(operations.changeRollout, ({ params }) => changeRollout(params.id));
