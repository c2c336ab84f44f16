/**
 * `prisma generate` that works offline and on a clean clone (runs as postinstall).
 * Prisma's CLI insists on a schema engine binary even though generate does not use it;
 * without network it cannot download one, so we point it at a stub that fails loudly.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stub = path.join(root, "scripts", "no-schema-engine.sh");

function main(): number {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  // A real engine configured by the user wins; otherwise the stub.
  if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY))
    env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
  const cli = path.join(root, "node_modules", "prisma", "build", "index.js");
  if (!existsSync(cli)) {
    console.error("prisma CLI not installed (node_modules/prisma); run npm install first");
    return 1;
  }
  const result = spawnSync(process.execPath, [cli, "generate", "--schema", "prisma/schema.prisma"], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  if (result.error) {
    console.error(result.error.message);
    return 1;
  }
  return result.status ?? 1;
}

process.exit(main());
