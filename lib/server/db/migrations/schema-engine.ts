/**
 * Loads Prisma's schema engine compiled to WebAssembly and binds it to a driver adapter.
 *
 * No `import "server-only"` here: the CLI scripts (plain Node via tsx) use this module, and
 * `server-only` throws outside the react-server condition. It is Node-only anyway (node:fs).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

type BgModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

const PACKAGE_DIR = ["node_modules", "@prisma", "schema-engine-wasm"];
const globalKey = Symbol.for("signalbox.schemaEngineWasm");
type GlobalWithEngine = typeof globalThis & { [globalKey]?: Promise<BgModule> };

/**
 * The package entry does `import * as wasm from "./x.wasm"`, which Node cannot load. We
 * instantiate the .wasm ourselves. The path is built from process.cwd(), not require.resolve:
 * inside the Next.js server bundle require.resolve returns a module id (a number).
 * The glue module keeps the instance in module state, so instantiate once per process.
 */
async function loadWasm(): Promise<BgModule> {
  const g = globalThis as GlobalWithEngine;
  g[globalKey] ??= (async () => {
    const bg: BgModule = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmPath = path.join(process.cwd(), ...PACKAGE_DIR, "schema_engine_bg.wasm");
    const bytes = await readFile(wasmPath);
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start: () => void };
    bg.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return bg;
  })();
  try {
    return await g[globalKey];
  } catch (error) {
    delete g[globalKey]; // let a later call retry (e.g. after fixing cwd)
    throw error;
  }
}

export interface SchemaFile {
  path: string;
  content: string;
}

/** Creates an engine on `factory`. Pass the schema so the engine knows the datasource/provider. */
async function createSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  schemaFiles: SchemaFile[],
): Promise<SchemaEngine> {
  const bg = await loadWasm();
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  const log = (message: string) => {
    if (process.env.SIGNALBOX_DEBUG_SCHEMA_ENGINE) console.error("[schema-engine]", message);
  };
  return bg.SchemaEngine.new({ datamodels: schemaFiles.map((f) => [f.path, f.content]) }, log, bound);
}

/** Runs `fn` with a fresh engine, then frees it and closes every connection the factory opened. */
export async function withSchemaEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory & { close?: () => Promise<void> },
  schemaFiles: SchemaFile[],
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  try {
    const engine = await createSchemaEngine(factory, schemaFiles);
    try {
      return await fn(engine);
    } finally {
      engine.free();
    }
  } finally {
    await factory.close?.();
  }
}

/** Engine errors arrive as plain objects or Errors with a JSON-ish message; make them readable. */
export function describeEngineError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null) {
    const e = error as { message?: unknown; error_code?: unknown; meta?: unknown };
    const code = typeof e.error_code === "string" ? `${e.error_code}: ` : "";
    if (typeof e.message === "string") return code + e.message;
    return JSON.stringify(error);
  }
  return String(error);
}
