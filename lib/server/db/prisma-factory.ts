/**
 * Builds a PrismaClient on a driver adapter (Prisma 7 has no built-in engine connection).
 * No `import "server-only"`: the test helper and CLI scripts build clients too.
 */
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { Prisma, PrismaClient } from "../../generated/prisma/client.ts";

export type { PrismaClient };
/** What replaceMesh and friends accept: the client itself or an interactive-transaction client. */
export type PrismaTx = Prisma.TransactionClient;

export type DbConnection = { kind: "postgres"; url: string } | { kind: "pglite"; db: PGlite };

export function createPrismaClient(connection: DbConnection): PrismaClient {
  const adapter =
    connection.kind === "postgres"
      ? new PrismaPg({ connectionString: connection.url })
      : new PrismaPGlite(connection.db);
  return new PrismaClient({ adapter });
}
