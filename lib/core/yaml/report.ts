import type { Document, LineCounter } from "yaml";

export type YamlPath = (string | number)[];
export type DocumentStatus = "imported" | "partial" | "unsupported" | "invalid";

export interface ImportIssue {
  /** Path inside the YAML document, e.g. ['spec','http',0,'match',0,'port']. */
  path: YamlPath;
  message: string;
  /** 1-based position in the input text, when the path (or a parent) can be located. */
  line?: number;
  column?: number;
}

export interface DocumentReport {
  /** 0-based position of the document in the stream. */
  index: number;
  apiVersion: string;
  kind: string;
  name: string;
  status: DocumentStatus;
  issues: ImportIssue[];
}

export interface ImportReport {
  documents: DocumentReport[];
}

/** Why common fields are left out, so the report tells the user more than "not supported". */
const REASONS: Record<string, string> = {
  tls: "TLS here is not supported: Signalbox terminates TLS on gateway listeners and originates it with a DestinationRule's trafficPolicy.tls",
  exportTo: "visibility (exportTo) is not imported: every route and service is visible mesh-wide",
  sourceLabels: "matching on the caller's labels is not supported",
  tcp: "TCP routes are not supported: Signalbox routes HTTP only",
};

const RANK: Record<DocumentStatus, number> = { imported: 0, partial: 1, unsupported: 2, invalid: 3 };

/** Collects what happened to one document; status only ever gets worse. */
export class DocumentLog {
  readonly report: DocumentReport;
  constructor(
    index: number,
    apiVersion: string,
    kind: string,
    name: string,
    private readonly doc?: Document,
    private readonly lines?: LineCounter,
  ) {
    this.report = { index, apiVersion, kind, name, status: "imported", issues: [] };
  }

  private add(status: DocumentStatus, path: YamlPath, message: string): void {
    if (RANK[status] > RANK[this.report.status]) this.report.status = status;
    this.report.issues.push({ path, message, ...this.locate(path) });
  }

  /** Something in the document that Signalbox cannot express; the rest is still imported. */
  partial(path: YamlPath, message: string): void {
    this.add("partial", path, message);
  }

  invalid(path: YamlPath, message: string): void {
    this.add("invalid", path, message);
  }

  unsupported(path: YamlPath, message: string): void {
    this.add("unsupported", path, message);
  }

  /** Reports every key of `obj` that the importer does not read, so nothing is dropped silently. */
  checkKeys(obj: unknown, known: readonly string[], path: YamlPath): void {
    if (!isRecord(obj)) return;
    for (const key of Object.keys(obj))
      if (!known.includes(key))
        this.partial([...path, key], REASONS[key] ?? `"${key}" is not supported by Signalbox and was not imported`);
  }

  /** Line/column of the deepest node on the path that exists. */
  private locate(path: YamlPath): { line?: number; column?: number } {
    if (!this.doc || !this.lines) return {};
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === "object" && node.range) {
        const pos = this.lines.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return {};
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const asRecord = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
export const asString = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
export const asNumber = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? v : undefined;
