import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { describeCa } from "@/lib/server/security/ca.ts";

export const GET = handle(operations.getCa, () => describeCa());
