import { z } from "zod";

/** A proxy label: Kubernetes-like key and value (`zone=eu-1`, `canary=true`). */
export const LabelKeySchema = z
  .string()
  .min(1, "must not be empty")
  .max(63)
  .regex(/^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$/, "must be letters, digits, '.', '_', '/' or '-'");
export const LabelValueSchema = z
  .string()
  .max(63)
  .regex(/^([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)?$/, "must be letters, digits, '.', '_' or '-'");
export const LabelsSchema = z
  .record(LabelKeySchema, LabelValueSchema)
  .refine((l) => Object.keys(l).length <= 32, "at most 32 labels");
export type Labels = z.infer<typeof LabelsSchema>;

/** The gateway a proxy serves is an implicit label, so a plan can select `gateway=edge` without one being set. */
export const GATEWAY_LABEL = "gateway";

/** `k=v,k2=v2` (the poll's `labels` parameter, the `--label` flags joined) into a record; throws naming the bad part. */
export function parseLabelList(text: string): Labels {
  const out: Record<string, string> = {};
  for (const part of text.split(",")) {
    if (part.trim() === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) throw new Error(`"${part}" is not key=value`);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return LabelsSchema.parse(out);
}

export const formatLabelList = (labels: Labels): string =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(",");

/** What a rollout selects on: the proxy's own labels, overridden and extended by the console's, plus its gateway. */
export function effectiveLabels(own: Labels, fromConsole: Labels, gateway: string | null): Labels {
  return { ...(gateway ? { [GATEWAY_LABEL]: gateway } : {}), ...own, ...fromConsole };
}

export const matchesSelector = (labels: Labels, selector: Labels): boolean =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/**
 * A node's place in [0, 100): FNV-1a of its id. Deterministic, so "10 %" picks the same proxies on every console
 * instance and after a restart, and a node keeps its place as the fleet grows.
 */
export function nodeBucket(nodeId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < nodeId.length; i++) {
    h ^= nodeId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 100;
}

/** Why `text` is not a label list, or null. */
export function labelListError(text: string): string | null {
  try {
    parseLabelList(text);
    return null;
  } catch (e) {
    if (e instanceof z.ZodError) {
      const i = e.issues[0]!;
      return `${i.path.join(".") || "labels"}: ${i.message}`;
    }
    return e instanceof Error ? e.message : String(e);
  }
}
