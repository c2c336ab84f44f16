import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { listVersions } from "@/lib/server/versions/version-history.ts";

export const GET = handle(operations.listVersions, () => listVersions());
