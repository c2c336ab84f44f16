export { exportIstio, istioObjects, type ExportOptions } from "./istio-export.ts";
export { istioExportNotes } from "./istio-export-notes.ts";
export { exportGatewayApi, type GatewayApiExport, type Unsupported } from "./gateway-api-export.ts";
export { importIstio, importGatewayApi, importYaml } from "./import.ts";
export type { ImportResult } from "./context.ts";
export type { ImportReport, DocumentReport, ImportIssue, DocumentStatus } from "./report.ts";
export { formatDuration, parseDuration } from "./durations.ts";
export { standaloneSnapshot, type StandaloneResult } from "./standalone.ts";
