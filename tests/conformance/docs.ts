/** `npm run conformance:docs`: rewrites the README's supported-features table from tests/conformance/features.ts. */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { withFeatureTable } from "./harness/readme-section.ts";

const readmePath = path.resolve(import.meta.dirname, "..", "..", "README.md");
const before = readFileSync(readmePath, "utf8");
const after = withFeatureTable(before);
if (after === before) process.stdout.write("README.md: feature table already current\n");
else {
  writeFileSync(readmePath, after);
  process.stdout.write("README.md: feature table rewritten\n");
}
