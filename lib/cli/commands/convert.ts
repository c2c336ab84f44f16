import { buildSnapshot } from "../../core/compile/index.ts";
import type { MeshConfig } from "../../core/model/index.ts";
import { hasErrors, parseMesh, validateMesh, type ValidationIssue } from "../../core/validate/index.ts";
import { exportGatewayApi, exportIstio, importYaml, istioExportNotes } from "../../core/yaml/index.ts";
import { choiceFlag, stringFlag } from "../args.ts";
import type { Command } from "../command.ts";
import { formatPath } from "../client.ts";
import { CliError, EXIT_INVALID, EXIT_OK } from "../errors.ts";
import { formatJson } from "../output.ts";
import { formatDocumentReport, formatMeshIssues, summarize } from "../report.ts";
import { readSources } from "../sources.ts";

const TARGETS = ["istio", "gateway-api", "snapshot"] as const;
type Target = (typeof TARGETS)[number];

/** Gateway API export; what Gateway API cannot express is listed on stderr as warnings. */
function gatewayApi(mesh: MeshConfig, namespace: string | undefined, err: (t: string) => void): string {
  const { yaml, unsupported } = exportGatewayApi(mesh, { namespace });
  for (const u of unsupported) err(`warning: not expressible in Gateway API: ${formatPath(u.path)}: ${u.message}\n`);
  return yaml;
}

function render(mesh: MeshConfig, to: Target, namespace: string | undefined, err: (t: string) => void): string {
  if (to === "snapshot") return formatJson(buildSnapshot(mesh, 1));
  if (to === "gateway-api") return gatewayApi(mesh, namespace, err);
  for (const u of istioExportNotes(mesh))
    err(`warning: not expressible in Istio: ${formatPath(u.path)}: ${u.message}\n`);
  return exportIstio(mesh, { namespace });
}

export const convert: Command = {
  name: "convert",
  summary: "Validate Istio or Gateway API YAML offline and convert it",
  usage: "FILE|- [FILE...] [--to istio|gateway-api|snapshot] [--namespace NS]",
  help: `Reads Istio (networking.istio.io) and Gateway API (gateway.networking.k8s.io) documents from
the files (- for stdin), prints a per-document report to stderr, and the converted documents to
stdout. Needs no console. Exits 2 when a document or the resulting config is invalid, and then
prints nothing to stdout.

Flags:
      --to FORMAT      istio (default), gateway-api, or snapshot (the compiled proxy snapshot, JSON)
      --namespace NS   namespace for short hosts on input and for metadata.namespace on output (default: default)`,
  options: { to: { type: "string" }, namespace: { type: "string" } },
  async run({ io, args }) {
    const to = choiceFlag(args.values, "to", TARGETS, "istio");
    const namespace = stringFlag(args.values, "namespace");
    const sources = await readSources(args.positionals, io);
    const { mesh, report } = importYaml(sources.text, { namespace });
    const parsed = parseMesh(mesh);
    const issues: ValidationIssue[] = parsed.ok ? validateMesh(parsed.mesh) : parsed.issues;
    io.err(
      formatDocumentReport(report.documents, sources) + formatMeshIssues(issues) + summarize(report.documents, issues),
    );
    const invalid = report.documents.some((d) => d.status === "invalid") || hasErrors(issues);
    if (invalid || !parsed.ok) return EXIT_INVALID;
    if (!report.documents.some((d) => d.status === "imported" || d.status === "partial"))
      throw new CliError("nothing to convert: no Istio or Gateway API objects in the input");
    io.out(render(parsed.mesh, to, namespace, io.err));
    return EXIT_OK;
  },
};
