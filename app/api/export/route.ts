import { operations } from "@/lib/core/api/index.ts";
import { exportGatewayApi, exportIstio } from "@/lib/core/yaml/index.ts";
import { serviceSlice } from "@/lib/core/select/service-slice.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { badRequest } from "@/lib/server/http/errors.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { meshSource } from "@/lib/server/config/sources.ts";

export const GET = handle(operations.exportYaml, async ({ query }) => {
  if (query.version !== undefined && query.change !== undefined) {
    throw badRequest("version, change: give one of them, not both", [
      { path: ["change"], message: "cannot be combined with version" },
    ]);
  }
  const source = await meshSource(await getPrisma(), query);
  let mesh = source.mesh;
  if (query.service) {
    const slice = serviceSlice(mesh, query.service);
    if (!slice)
      throw badRequest(`service: no service named ${query.service}`, [
        { path: ["service"], message: "no such service" },
      ]);
    mesh = slice;
  }
  const header = { version: source.version, hash: source.hash };
  const yaml = query.format === "istio" ? exportIstio(mesh, header) : gatewayApiYaml(mesh, header);
  const headers: Record<string, string> = {
    "content-type": "application/yaml; charset=utf-8",
    "cache-control": "no-store",
  };
  if (query.download === "1") {
    const name = `signalbox-${source.label}${query.service ? `-${query.service}` : ""}-${query.format}.yaml`;
    headers["content-disposition"] = `attachment; filename="${name}"`;
  }
  return new Response(yaml, { headers });
});

/** What Gateway API cannot express is listed in a comment block at the top, never silently dropped. */
function gatewayApiYaml(
  mesh: Parameters<typeof exportGatewayApi>[0],
  header: { version?: number; hash?: string },
): string {
  const out = exportGatewayApi(mesh, header);
  if (out.unsupported.length === 0) return out.yaml;
  const lines = out.unsupported.map((u) => `#   ${u.path.join(".")}: ${u.message}`);
  return `# Not expressible in Gateway API (${out.unsupported.length}):\n${lines.join("\n")}\n${out.yaml}`;
}
