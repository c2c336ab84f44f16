import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * ELK's Web Worker script (elkjs's own elk-worker.min.js), served from this origin so the topology lays graphs
 * out off the main thread under the console's CSP (workers from 'self' only). Rendered once at build time: the
 * file is part of the build, and the server never reads node_modules for it.
 */
export const dynamic = "force-static";

export async function GET(): Promise<Response> {
  const file = path.join(process.cwd(), "node_modules", "elkjs", "lib", "elk-worker.min.js");
  return new Response(await readFile(file, "utf8"), {
    headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=3600" },
  });
}
