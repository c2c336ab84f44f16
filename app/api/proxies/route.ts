import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { listProxies } from "@/lib/server/xds/proxies.ts";

export const GET = handle(operations.listProxies, () => listProxies());
