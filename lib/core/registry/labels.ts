import type { Labels } from "../model/names.ts";
import type { Version } from "../model/service.ts";

/**
 * What a version's selector matches on an instance: its Meta, plus every tag written `key=value` (Istio's Consul
 * adapter read labels from tags the same way). Meta wins over a tag with the same key.
 */
export function instanceLabels(tags: readonly string[], meta: Readonly<Record<string, string>>): Labels {
  const labels: Labels = {};
  for (const tag of tags) {
    const eq = tag.indexOf("=");
    if (eq > 0) labels[tag.slice(0, eq)] = tag.slice(eq + 1);
  }
  return { ...labels, ...meta };
}

/**
 * A version's label selector, as an Istio DestinationRule subset's `labels`; a version without labels selects
 * `version=<name>` (the same default the Istio export writes: lib/core/yaml/istio-export-services.ts).
 */
export function versionSelector(version: Pick<Version, "name" | "labels">): Labels {
  return Object.keys(version.labels).length > 0 ? version.labels : { version: version.name };
}

export const selects = (selector: Readonly<Labels>, labels: Readonly<Labels>): boolean =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);
