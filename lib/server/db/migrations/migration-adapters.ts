/**
 * Driver-adapter factories for the wasm schema engine, with the known adapter bugs fixed:
 *  - adapter-pg cannot map PostgreSQL's internal "char" type (OID 18), which the engine's
 *    catalog queries return: we report such columns as text.
 *  - adapter-pg's executeScript splits on `;` (breaks dollar-quoted plpgsql, not atomic) and
 *    pglite-prisma-adapter's does not await (failures are recorded as success): both are
 *    replaced by one awaited simple-protocol query, which PostgreSQL runs as one implicit
 *    transaction, exactly like Prisma's native engine.
 *  - adapter-pg's connectToShadowDb reuses the connection string (so it connects to the MAIN
 *    database) and drops the shadow before closing its pool: ours builds the shadow URL itself
 *    and closes first, then drops WITH (FORCE).
 */
import { randomUUID } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type QueryResultLike = { fields?: Array<{ dataTypeID: number }> };

function charAsText<T>(result: T): T {
  const fields = (result as QueryResultLike | undefined)?.fields;
  if (Array.isArray(fields)) for (const f of fields) if (f.dataTypeID === PG_CHAR_OID) f.dataTypeID = PG_TEXT_OID;
  return result;
}

/** Wraps client.query (callback and promise forms, which pg.Pool and transactions use). */
function patchCharOid(client: pg.ClientBase): void {
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const last = args.length - 1;
    const cb = args[last];
    if (typeof cb === "function") {
      args[last] = (err: unknown, res: unknown) => (cb as (e: unknown, r: unknown) => void)(err, charAsText(res));
      return original(...args);
    }
    const ret = original(...args);
    return ret instanceof Promise ? ret.then(charAsText) : ret;
  };
}

function createPatchedPool(connectionString: string): pg.Pool {
  // One connection: the engine takes a session-level advisory lock and must release it on the
  // same session; with a larger pool the unlock can land elsewhere and the lock lingers.
  const pool = new pg.Pool({ connectionString, max: 1 });
  pool.on("connect", (client) => patchCharOid(client));
  pool.on("error", () => {}); // idle-client errors surface on the next query instead of crashing
  return pool;
}

/** Replaces executeScript with one awaited simple query; errors go through the adapter's own mapping. */
function withAtomicScript(adapter: SqlDriverAdapter, run: (script: string) => Promise<unknown>): SqlDriverAdapter {
  const mapError = (adapter as unknown as { onError: (e: unknown) => never }).onError.bind(adapter);
  adapter.executeScript = async (script: string) => {
    try {
      await run(script);
    } catch (error) {
      mapError(error);
    }
  };
  return adapter;
}

async function connectPg(connectionString: string): Promise<SqlDriverAdapter> {
  const pool = createPatchedPool(connectionString);
  const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
  return withAtomicScript(adapter, (script) => pool.query(script));
}

/** Same server, another database: replaces the path instead of trusting pg's option precedence. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

async function adminExec(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A throwaway database on a real server (needs CREATEDB), dropped when the engine disposes it. */
async function connectPgShadow(serverUrl: string): Promise<SqlDriverAdapter> {
  const name = `prisma_migrate_shadow_db_${randomUUID().replaceAll("-", "")}`;
  await adminExec(serverUrl, `CREATE DATABASE "${name}"`);
  const adapter = await connectPg(withDatabase(serverUrl, name));
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose(); // close our pool first, or the DROP waits on / kills our own sessions
    await adminExec(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
  return adapter;
}

async function connectPGliteShadow(): Promise<SqlDriverAdapter> {
  const db = await PGlite.create(); // in memory; ~2-3 s initdb, but needs no server
  const adapter = await connectPGlite(db);
  adapter.dispose = async () => {
    await db.close();
  };
  return adapter;
}

async function connectPGlite(db: PGlite): Promise<SqlDriverAdapter> {
  const adapter = await new PrismaPGlite(db).connect();
  return withAtomicScript(adapter, (script) => db.exec(script));
}

export type ShadowOption = { kind: "none" } | { kind: "pglite" } | { kind: "server"; url: string };

function shadowConnector(shadow: ShadowOption): () => Promise<SqlDriverAdapter> {
  if (shadow.kind === "server") return () => connectPgShadow(shadow.url);
  if (shadow.kind === "pglite") return connectPGliteShadow;
  return () => Promise.reject(new Error("no shadow database configured for this operation"));
}

const PROVIDER = "postgres" as const;

/** A factory that remembers its adapters, so the caller can close every pool it opened. */
export interface ClosableFactory extends SqlMigrationAwareDriverAdapterFactory {
  close(): Promise<void>;
}

function tracked(
  adapterName: string,
  connect: () => Promise<SqlDriverAdapter>,
  connectShadow: () => Promise<SqlDriverAdapter>,
): ClosableFactory {
  const open = new Set<SqlDriverAdapter>();
  const track = async (make: () => Promise<SqlDriverAdapter>) => {
    const adapter = await make();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (!open.delete(adapter)) return; // already disposed (by the engine or by close())
      await dispose();
    };
    open.add(adapter);
    return adapter;
  };
  return {
    provider: PROVIDER,
    adapterName,
    connect: () => track(connect),
    connectToShadowDb: () => track(connectShadow),
    // Freeing the wasm engine does not dispose what it connected; idle pools would keep the
    // process (and the advisory lock) alive for pg's idle timeout.
    close: async () => {
      await Promise.allSettled([...open].map((a) => a.dispose()));
    },
  };
}

/** Factory for a PostgreSQL server URL. */
export function pgMigrationFactory(url: string, shadow: ShadowOption = { kind: "none" }): ClosableFactory {
  return tracked("@prisma/adapter-pg", () => connectPg(url), shadowConnector(shadow));
}

/** Factory for an open PGlite instance; the caller owns (and closes) the instance itself. */
export function pgliteMigrationFactory(db: PGlite, shadow: ShadowOption = { kind: "none" }): ClosableFactory {
  return tracked("pglite-prisma-adapter", () => connectPGlite(db), shadowConnector(shadow));
}
