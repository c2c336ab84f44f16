import type { ExportSelection, MetricsGroupBy, MetricsRange } from "@/lib/core/api/index.ts";

/** One factory for every TanStack Query key, so invalidation stays consistent. */
export const queryKeys = {
  me: () => ["me"] as const,
  mesh: () => ["mesh"] as const,
  versions: () => ["versions"] as const,
  changes: {
    all: () => ["changes"] as const,
    list: () => ["changes", "list"] as const,
    draft: () => ["changes", "draft"] as const,
    detail: (id: string) => ["changes", "detail", id] as const,
    rollout: (id: string) => ["changes", "rollout", id] as const,
  },
  exportYaml: (p: ExportSelection) =>
    ["export", p.format, p.version ?? null, p.change ?? null, p.service ?? null] as const,
  proxies: () => ["proxies"] as const,
  rollouts: {
    all: () => ["rollouts"] as const,
    version: (version: number) => ["rollouts", version] as const,
  },
  canaries: {
    all: () => ["canaries"] as const,
    detail: (id: string) => ["canaries", id] as const,
  },
  proxyCredentials: () => ["proxy-credentials"] as const,
  security: {
    ca: () => ["security", "ca"] as const,
    certificates: () => ["security", "certificates"] as const,
    joinTokens: () => ["security", "join-tokens"] as const,
    identities: () => ["security", "identities"] as const,
  },
  endpointHealth: () => ["endpoint-health"] as const,
  metrics: (window: number, groupBy: MetricsGroupBy, range: MetricsRange = "live") =>
    ["metrics", window, groupBy, range] as const,
  audit: (limit: number) => ["audit", limit] as const,
  openapi: () => ["openapi"] as const,
  tokens: () => ["api-tokens"] as const,
  users: () => ["users"] as const,
  registry: {
    all: () => ["registry"] as const,
    instances: () => ["registry", "instances"] as const,
    summary: () => ["registry", "summary"] as const,
    events: () => ["registry", "events"] as const,
    tokens: () => ["registry", "tokens"] as const,
  },
};
