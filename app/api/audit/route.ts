import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { listAuditEntries } from "@/lib/server/audit/audit-log.ts";

export const GET = handle(operations.audit, ({ query }) => listAuditEntries(query.limit));
