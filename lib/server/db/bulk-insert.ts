import "server-only";
/**
 * Many rows in one statement and one parameter: the rows travel as a JSON array that jsonb_to_recordset turns back
 * into typed columns (portable across PostgreSQL 15 and PGlite). Prisma's createMany encodes every value through its
 * query compiler; for the ~6,000 rows of a 500-service mesh that took ~700 ms.
 * Table and column names come from constants in code, never from input; values only ever travel in the parameter.
 */
import type { PrismaTx } from "./prisma-factory.ts";

export type ColumnType = "text" | "integer" | "boolean" | "jsonb" | "text[]";

/** A table and its columns (database names) with their types. */
export interface TableSpec<Columns extends string> {
  table: string;
  columns: Record<Columns, ColumnType>;
}

/** A row: every column's value (null or undefined is SQL NULL; a JSON value for a jsonb column). */
export type RowOf<Columns extends string> = Record<Columns, unknown>;

const quote = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bulk insert: unexpected identifier ${name}`);
  return `"${name}"`;
};

const statements = new WeakMap<object, string>();

function statement(spec: TableSpec<string>): string {
  let sql = statements.get(spec);
  if (sql) return sql;
  const columns = Object.entries(spec.columns);
  const names = columns.map(([name]) => quote(name)).join(", ");
  const record = columns.map(([name, type]) => `${quote(name)} ${type}`).join(", ");
  sql = `INSERT INTO ${quote(spec.table)} (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${record})`;
  statements.set(spec, sql);
  return sql;
}

/** Inserts `rows` into `spec.table` in one statement; nothing when there are none. */
export async function bulkInsert<C extends string>(tx: PrismaTx, spec: TableSpec<C>, rows: RowOf<C>[]): Promise<void> {
  if (rows.length === 0) return;
  // JSON.stringify drops undefined members: an absent key is NULL to jsonb_to_recordset.
  await tx.$executeRawUnsafe(statement(spec), JSON.stringify(rows));
}
