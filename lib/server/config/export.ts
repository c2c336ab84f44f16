import "server-only";
import type { MeshConfig } from "@/lib/core/index.ts";
import type { ExportSelection } from "@/lib/core/api/index.ts";
import { exportGatewayApi, exportIstio } from "@/lib/core/yaml/index.ts";
import { serviceSlice } from "@/lib/core/select/service-slice.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { badRequest } from "@/lib/server/http/errors.ts";
import { meshSource } from "./sources.ts";

/**
 * The YAML of the running config, a version or a change, possibly only one service and what routes to
 * it; `fileName` names it for a download.
 */
export async function exportYaml(selection: ExportSelection): Promise<{ yaml: string; fileName: string }> {
  if (selection.version !== undefined && selection.change !== undefined) {
    throw badRequest("version, change: give one of them, not both", [
      { path: ["change"], message: "cannot be combined with version" },
    ]);
  }
  const source = await meshSource(await getPrisma(), selection);
  let mesh = source.mesh;
  if (selection.service) {
    const slice = serviceSlice(mesh, selection.service);
    if (!slice)
      throw badRequest(`service: no service named ${selection.service}`, [
        { path: ["service"], message: "no such service" },
      ]);
    mesh = slice;
  }
  const header = { version: source.version, hash: source.hash };
  const yaml = selection.format === "istio" ? exportIstio(mesh, header) : gatewayApiYaml(mesh, header);
  const fileName = `signalbox-${source.label}${selection.service ? `-${selection.service}` : ""}-${selection.format}.yaml`;
  return { yaml, fileName };
}

/** What Gateway API cannot express is listed in a comment block at the top, never silently dropped. */
function gatewayApiYaml(mesh: MeshConfig, header: { version?: number; hash?: string }): string {
  const out = exportGatewayApi(mesh, header);
  if (out.unsupported.length === 0) return out.yaml;
  const lines = out.unsupported.map((u) => `#   ${u.path.join(".")}: ${u.message}`);
  return `# Not expressible in Gateway API (${out.unsupported.length}):\n${lines.join("\n")}\n${out.yaml}`;
}
