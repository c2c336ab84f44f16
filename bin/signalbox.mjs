#!/usr/bin/env node
// The CLI is TypeScript (it shares lib/core's schemas with the console); tsx compiles it on load.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

// The repository's tsconfig, not one found in the caller's working directory.
register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const { run } = await import("../lib/cli/main.ts");
await run();
