import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * The upstream conformance data shipped in shared/reference (byte for byte, v1.6.1) and its index.json.
 * SIGNALBOX_REFERENCE_DIR overrides where it is looked for (default: ../shared/reference beside the checkout).
 */
export const REFERENCE_DIR =
  process.env.SIGNALBOX_REFERENCE_DIR ??
  path.resolve(import.meta.dirname, "..", "..", "..", "..", "shared", "reference");

const FeatureSchema = z.object({
  name: z.string(),
  level: z.enum(["core", "extended"]),
  channel: z.enum(["standard", "experimental"]),
});
const TestSchema = z.object({
  name: z.string(),
  description: z.string(),
  go: z.string(),
  yaml: z.array(z.string()),
  features: z.array(z.string()),
  core: z.boolean(),
  provisional: z.boolean(),
});
const IndexSchema = z.object({
  sources: z.object({ "gateway-api": z.object({ tag: z.string(), commit: z.string() }) }),
  conformance: z.object({
    baseManifests: z.string(),
    placeholders: z.record(z.string(), z.string()),
    features: z.array(FeatureSchema),
    tests: z.array(TestSchema),
  }),
});

export type UpstreamFeature = z.infer<typeof FeatureSchema>;
export type UpstreamTest = z.infer<typeof TestSchema>;

export interface ConformanceReference {
  gatewayApiVersion: string;
  features: UpstreamFeature[];
  tests: UpstreamTest[];
  baseManifests: string;
  /** A file of the reference by its index path (e.g. gateway-api/conformance/tests/x.yaml). */
  read(file: string): string;
}

export function loadReference(dir = REFERENCE_DIR): ConformanceReference {
  const index = IndexSchema.parse(JSON.parse(readFileSync(path.join(dir, "index.json"), "utf8")));
  const read = (file: string) => readFileSync(path.join(dir, file), "utf8");
  return {
    gatewayApiVersion: index.sources["gateway-api"].tag,
    features: index.conformance.features,
    tests: index.conformance.tests,
    baseManifests: read(index.conformance.baseManifests),
    read,
  };
}
