import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { runningConfig } from "@/lib/server/config/running-config.ts";

export const GET = handle(operations.runningMesh, () => runningConfig());
