import { parseAllDocuments } from "yaml";
import type { MeshConfig } from "../model/index.ts";
import { buildSnapshot } from "../compile/index.ts";
import { validateMesh } from "../validate/index.ts";
import type { Snapshot } from "../snapshot/schema.ts";
import { importYaml } from "./import.ts";
import { asArray, asNumber, asRecord, asString } from "./report.ts";

/** `raw` is checked by the proxy like any snapshot from the console (schema, hash, consistency). */
export type StandaloneResult = { ok: true; raw: Snapshot | unknown; warnings: string[] } | { ok: false; error: string };

/** VirtualService destinations written as `host: 10.0.0.7` + `port: {number: 9080}` name their endpoint directly. */
function destinationAddresses(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const doc of parseAllDocuments(text)) {
    const obj = asRecord(doc.toJS());
    if (asString(obj.kind) !== "VirtualService") continue;
    for (const http of asArray(asRecord(obj.spec).http)) {
      for (const route of asArray(asRecord(http).route)) {
        const dest = asRecord(asRecord(route).destination);
        const host = asString(dest.host);
        const port = asNumber(asRecord(dest.port).number);
        if (host && port !== undefined) out.set(host, port);
      }
    }
  }
  return out;
}

/** Versions that have no endpoints get the host:port their destinations named, when they named one. */
function attachDestinationEndpoints(mesh: MeshConfig, addresses: Map<string, number>): MeshConfig {
  return {
    ...mesh,
    services: mesh.services.map((s) => {
      const port = addresses.get(s.host);
      if (port === undefined) return s;
      return {
        ...s,
        versions: s.versions.map((v) =>
          v.endpoints.length > 0 ? v : { ...v, endpoints: [{ address: s.host, port, weight: 1 }] },
        ),
      };
    }),
  };
}

/**
 * What a proxy run with `--config FILE` (no console) serves: a snapshot JSON as it is, or Istio /
 * Gateway API YAML compiled here with the same importer, validation and compiler as the console.
 * Endpoints come from ServiceEntry `endpoints`, or from destinations given as `host` + `port.number`.
 */
export function standaloneSnapshot(text: string, version: number): StandaloneResult {
  if (text.trimStart().startsWith("{")) {
    try {
      return { ok: true, raw: JSON.parse(text) as unknown, warnings: [] };
    } catch (e) {
      return { ok: false, error: `config file is not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  const { mesh, report } = importYaml(text);
  const invalid = report.documents.filter((d) => d.status === "invalid");
  if (invalid.length > 0) {
    const first = invalid[0]!;
    const issue = first.issues[0];
    const where = issue?.line ? ` at line ${issue.line}:${issue.column ?? 0}` : "";
    return {
      ok: false,
      error: `document ${first.index} (${first.kind} ${first.name}) is invalid${where}: ${issue?.message ?? "unknown error"}`,
    };
  }
  let addresses: Map<string, number>;
  try {
    addresses = destinationAddresses(text);
  } catch (e) {
    return { ok: false, error: `config file is not valid YAML: ${e instanceof Error ? e.message : String(e)}` };
  }
  const withEndpoints = attachDestinationEndpoints(mesh, addresses);
  const issues = validateMesh(withEndpoints);
  const errors = issues.filter((i) => i.severity === "error");
  if (errors.length > 0) return { ok: false, error: `${errors[0]!.path.join(".")}: ${errors[0]!.message}` };
  const warnings = [
    ...issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    ...report.documents.flatMap((d) => d.issues.map((i) => `${d.kind} ${d.name}: ${i.path.join(".")}: ${i.message}`)),
  ];
  return { ok: true, raw: buildSnapshot(withEndpoints, version), warnings };
}
