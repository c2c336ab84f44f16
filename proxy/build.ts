/**
 * Bundles proxy/main.ts (and everything it imports, undici included) into one ESM file with esbuild, so the
 * proxy runs on plain `node` without the tsx loader (−30 MB RSS, ~4× less start-up CPU; tests/bench/FINDINGS.md).
 *
 *   npx tsx proxy/build.ts [--force]      prints the bundle path
 *
 * The build is skipped when the bundle is newer than every input of the previous build (esbuild's metafile
 * lists them, node_modules included) and than this file. A new import only appears through an edited file,
 * so the check cannot miss it.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const BUNDLE_DIR = path.join(ROOT, ".data", "build");
export const BUNDLE = path.join(BUNDLE_DIR, "signalbox-proxy.mjs");
const META = path.join(BUNDLE_DIR, "signalbox-proxy.meta.json");
const ENTRY = path.join(ROOT, "proxy", "main.ts");
/** Bundled CommonJS dependencies call require(); ESM output needs one. */
const BANNER =
  "import { createRequire as __sbCreateRequire } from 'node:module'; const require = __sbCreateRequire(import.meta.url);";

const mtime = (file: string): number => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Infinity; // a vanished input forces a rebuild
  }
};

/** True when the bundle is missing or older than any input of the build that produced it. */
export function bundleIsStale(): boolean {
  if (!existsSync(BUNDLE) || !existsSync(META)) return true;
  const built = mtime(BUNDLE);
  let inputs: string[];
  try {
    inputs = Object.keys((JSON.parse(readFileSync(META, "utf8")) as { inputs: Record<string, unknown> }).inputs);
  } catch {
    return true;
  }
  if (mtime(import.meta.filename) > built) return true;
  return inputs.some((rel) => mtime(path.resolve(ROOT, rel)) > built);
}

/** Builds the bundle (with a source map next to it) when stale or forced; returns its path. */
export async function ensureBundle(force = false): Promise<string> {
  if (!force && !bundleIsStale()) return BUNDLE;
  const esbuild = await import("esbuild");
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: BUNDLE,
    sourcemap: true,
    metafile: true,
    absWorkingDir: ROOT,
    banner: { js: BANNER },
    logLevel: "error",
  });
  writeFileSync(META, JSON.stringify(result.metafile));
  return BUNDLE;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureBundle(process.argv.includes("--force")).then(
    (file) => process.stdout.write(`${path.relative(process.cwd(), file)}\n`),
    (e: unknown) => {
      process.stderr.write(`proxy build failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
