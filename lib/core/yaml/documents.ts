import { LineCounter, parseAllDocuments, type Document } from "yaml";
import { asRecord, asString, DocumentLog, isRecord } from "./report.ts";

export interface ParsedDocument {
  index: number;
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  body: Record<string, unknown>;
  log: DocumentLog;
}

/**
 * Splits a YAML stream into Kubernetes objects. Syntax errors make a document `invalid` with the
 * parser's line/column; empty documents (a trailing `---`) are skipped, they carry nothing.
 */
export function parseDocuments(text: string): { parsed: ParsedDocument[]; rejected: DocumentLog[] } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: true });
  const parsed: ParsedDocument[] = [];
  const rejected: DocumentLog[] = [];
  (Array.isArray(docs) ? docs : []).forEach((doc: Document, index) => {
    if (doc.errors.length > 0) {
      const log = new DocumentLog(index, "", "", "");
      for (const e of doc.errors) {
        const pos = e.linePos?.[0];
        log.report.status = "invalid";
        log.report.issues.push({
          path: [],
          message: e.message.split("\n")[0] ?? e.message,
          line: pos?.line,
          column: pos?.col,
        });
      }
      rejected.push(log);
      return;
    }
    const body: unknown = doc.toJS();
    if (body === null || body === undefined) return;
    const meta = asRecord(isRecord(body) ? body.metadata : undefined);
    const apiVersion = (isRecord(body) && asString(body.apiVersion)) || "";
    const kind = (isRecord(body) && asString(body.kind)) || "";
    const log = new DocumentLog(index, apiVersion, kind, asString(meta.name) ?? "", doc, lines);
    if (!isRecord(body) || !apiVersion || !kind) {
      log.invalid([], "not a Kubernetes object: apiVersion and kind are required");
      rejected.push(log);
      return;
    }
    parsed.push({ index, apiVersion, kind, name: log.report.name, namespace: asString(meta.namespace), body, log });
  });
  return { parsed, rejected };
}

export const apiGroup = (apiVersion: string): string =>
  apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";
