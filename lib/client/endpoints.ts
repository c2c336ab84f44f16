import type { z } from "zod";
import {
  AuditListResponseSchema,
  ChangeDetailSchema,
  ChangeListResponseSchema,
  MeResponseSchema,
  MetricsResponseSchema,
  OkResponseSchema,
  ProxyListResponseSchema,
  RollbackResponseSchema,
  RunningMeshResponseSchema,
  ValidateResponseSchema,
  VersionListResponseSchema,
  type CreateChangeRequestSchema,
  type DecisionRequestSchema,
  type LoginRequest,
  type UpdateChangeRequestSchema,
} from "@/lib/core/api/index.ts";
import type { MeshConfig } from "@/lib/core/index.ts";
import { apiUrl, requestJson, requestText } from "./api.ts";

export type ExportFormat = "istio" | "gateway-api";
export type MetricsGroupBy = "route" | "version";
export interface ExportParams {
  format: ExportFormat;
  version?: number;
  change?: string;
  /** One service and what routes to it (lib/core/select/service-slice.ts). */
  service?: string;
}

const enc = encodeURIComponent;

/** Every REST call the console makes. Components reach these only through the hooks. */
export const api = {
  login: (body: LoginRequest) => requestJson("/api/auth/login", MeResponseSchema, { method: "POST", body }),
  logout: () => requestJson("/api/auth/logout", OkResponseSchema, { method: "POST", body: {} }),
  me: () => requestJson("/api/auth/me", MeResponseSchema),

  runningMesh: () => requestJson("/api/mesh", RunningMeshResponseSchema),
  versions: () => requestJson("/api/versions", VersionListResponseSchema),
  rollback: (version: number) =>
    requestJson(`/api/versions/${version}/rollback`, RollbackResponseSchema, { method: "POST" }),

  changes: () => requestJson("/api/changes", ChangeListResponseSchema),
  createChange: (body: z.input<typeof CreateChangeRequestSchema>) =>
    requestJson("/api/changes", ChangeDetailSchema, { method: "POST", body }),
  draft: () => requestJson("/api/changes/draft", ChangeDetailSchema),
  change: (id: string) => requestJson(`/api/changes/${enc(id)}`, ChangeDetailSchema),
  updateChange: (id: string, body: z.input<typeof UpdateChangeRequestSchema>) =>
    requestJson(`/api/changes/${enc(id)}`, ChangeDetailSchema, { method: "PUT", body }),
  submitChange: (id: string) =>
    requestJson(`/api/changes/${enc(id)}/submit`, ChangeDetailSchema, { method: "POST", body: {} }),
  decideChange: (id: string, decision: "approve" | "reject", body: z.input<typeof DecisionRequestSchema>) =>
    requestJson(`/api/changes/${enc(id)}/${decision}`, ChangeDetailSchema, { method: "POST", body }),
  discardChange: (id: string) =>
    requestJson(`/api/changes/${enc(id)}/discard`, ChangeDetailSchema, { method: "POST", body: {} }),

  validate: (proposed: MeshConfig, signal?: AbortSignal) =>
    requestJson("/api/validate", ValidateResponseSchema, { method: "POST", body: { proposed }, signal }),

  exportUrl: (p: ExportParams, download = false) =>
    apiUrl("/api/export", {
      format: p.format,
      version: p.version,
      change: p.change,
      service: p.service,
      download: download ? 1 : undefined,
    }),
  exportYaml: (p: ExportParams) => requestText(api.exportUrl(p)),

  proxies: () => requestJson("/api/proxies", ProxyListResponseSchema),
  metrics: (window: number, groupBy: MetricsGroupBy) =>
    requestJson(apiUrl("/api/metrics", { window, groupBy }), MetricsResponseSchema),
  audit: (limit = 100) => requestJson(apiUrl("/api/audit", { limit }), AuditListResponseSchema),
};
