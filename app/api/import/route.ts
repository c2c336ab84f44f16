import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { importAsChange } from "@/lib/server/config/import.ts";

/** 200 when every document imported cleanly (201 with the draft's id), 422 with the same report when not. */
export const POST = handle(operations.importYaml, async ({ user, body }) => {
  const result = await importAsChange(user, body);
  return new Response(result.json, {
    status: result.ok ? (result.changeId ? 201 : 200) : 422,
    headers: { "content-type": "application/json" },
  });
});
