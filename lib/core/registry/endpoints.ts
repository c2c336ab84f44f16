import { z } from "zod";
import { EndpointSchema, type Endpoint } from "../model/service.ts";
import type { Labels } from "../model/names.ts";
import type { Service } from "../model/service.ts";
import { NodeIdSchema } from "../protocol/xds.ts";
import { SHA256_HEX } from "../snapshot/schema.ts";
import { receivesTraffic, type HealthStatus } from "./health.ts";
import { selects, versionSelector } from "./labels.ts";

/**
 * Endpoint discovery (Envoy's EDS, in Signalbox's long-poll shape): GET /api/xds/endpoints?node&hash&waitMs answers
 * the registered instances that receive traffic, per cluster (`service/version`), when they differ from `hash`;
 * else 304 after the wait. Proxies merge them with the static endpoints of their snapshot's clusters.
 */
export const EndpointsPollQuerySchema = z.object({
  node: NodeIdSchema,
  hash: z.string().regex(SHA256_HEX, "must be a sha256 hex digest").optional(),
  gateway: z.string().max(63).optional(),
  waitMs: z.coerce.number().int().min(0).max(300_000).optional(),
});
export type EndpointsPollQuery = z.infer<typeof EndpointsPollQuerySchema>;

export const EndpointsResponseSchema = z.object({
  /** sha256 over the canonical JSON of `clusters`. */
  hash: z.string().regex(SHA256_HEX),
  /** The registry index these endpoints reflect (diagnostics; the hash decides). */
  index: z.number().int().min(0),
  clusters: z.record(z.string(), z.array(EndpointSchema)),
});
export type EndpointsResponse = z.infer<typeof EndpointsResponseSchema>;

export interface SelectableInstance {
  service: string;
  address: string;
  port: number;
  weight: number;
  labels: Labels;
  health: HealthStatus;
}

/**
 * The registered endpoints of every cluster: for each version of each service, the instances of that service whose
 * labels its selector matches and whose health lets them receive traffic. Sorted, so equal sets hash equal.
 */
export function registeredEndpoints(
  services: readonly Pick<Service, "name" | "versions">[],
  instances: Iterable<SelectableInstance>,
): Record<string, Endpoint[]> {
  const byService = new Map<string, SelectableInstance[]>();
  for (const i of instances) {
    if (!receivesTraffic(i.health)) continue;
    const list = byService.get(i.service) ?? [];
    list.push(i);
    byService.set(i.service, list);
  }
  const out: Record<string, Endpoint[]> = {};
  for (const svc of services) {
    const candidates = byService.get(svc.name);
    if (!candidates) continue;
    for (const ver of svc.versions) {
      const selector = versionSelector(ver);
      const eps = candidates
        .filter((i) => selects(selector, i.labels))
        .map((i) => ({ address: i.address, port: i.port, weight: i.weight }))
        .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : a.port - b.port));
      if (eps.length) out[`${svc.name}/${ver.name}`] = eps;
    }
  }
  return out;
}

/** Static endpoints first, then registered ones not already there (same address and port: the static one wins). */
export function mergeEndpoints(
  staticEps: readonly Endpoint[],
  registered: readonly Endpoint[] | undefined,
): Endpoint[] {
  if (!registered?.length) return [...staticEps];
  const seen = new Set(staticEps.map((e) => `${e.address}:${e.port}`));
  return [...staticEps, ...registered.filter((e) => !seen.has(`${e.address}:${e.port}`))];
}
