import { z } from "zod";
import { LabelsSchema } from "../rollout/labels.ts";
import { EndpointHealthSchema } from "../protocol/metrics.ts";

export const ProxyStateSchema = z.enum(["synced", "syncing", "rejected", "stale", "offline"]);

export const ProxyStatusSchema = z.object({
  id: z.string(),
  gateway: z.string().nullable(),
  state: ProxyStateSchema,
  appliedVersion: z.number().int().nullable(),
  appliedHash: z.string().nullable(),
  appliedAt: z.string().nullable(),
  lastSeenAt: z.string(),
  lastError: z.string().nullable(),
  lastErrorVersion: z.number().int().nullable(),
  /** How many identical NACKs (same version and error) the last error stands for. */
  lastErrorCount: z.number().int().min(0),
  /** ms from the version's publication to this proxy's ACK. */
  propagationMs: z.number().nullable(),
  /** What staged rollouts select on: the proxy's `--label`s, the console's, and its gateway. */
  labels: LabelsSchema.default({}),
  /** The labels set on the Proxies page (they override the proxy's own). */
  consoleLabels: LabelsSchema.default({}),
});
export type ProxyStatus = z.infer<typeof ProxyStatusSchema>;

export const ProxyListResponseSchema = z.object({
  latestVersion: z.number().int().nullable(),
  proxies: z.array(ProxyStatusSchema),
});
export type ProxyListResponse = z.infer<typeof ProxyListResponseSchema>;

export const EndpointHealthResponseSchema = z.object({
  nodes: z.array(
    z.object({
      node: z.string(),
      at: z.number().int(),
      endpoints: z.array(EndpointHealthSchema),
    }),
  ),
});
export type EndpointHealthResponse = z.infer<typeof EndpointHealthResponseSchema>;
