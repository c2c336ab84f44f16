import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { exportYaml } from "@/lib/server/config/export.ts";

export const GET = handle(operations.exportYaml, async ({ query }) => {
  const { yaml, fileName } = await exportYaml(query);
  const headers: Record<string, string> = {
    "content-type": "application/yaml; charset=utf-8",
    "cache-control": "no-store",
  };
  if (query.download === "1") headers["content-disposition"] = `attachment; filename="${fileName}"`;
  return new Response(yaml, { headers });
});
