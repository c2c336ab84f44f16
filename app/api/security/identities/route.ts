import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { listProxyIdentities } from "@/lib/server/security/proxy-identities.ts";

export const GET = handle(operations.listProxyIdentities, () => listProxyIdentities());
