/**
 * The audit log is append-only: a trigger from the init migration rejects UPDATE, DELETE, TRUNCATE.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("audit log", () => {
  it("accepts inserts and rejects updates, deletes and truncation", async () => {
    const row = await db.prisma.auditLog.create({
      data: { action: "config.published", entityType: "config_version", entityId: "1", details: { hash: "abc" } },
    });
    expect(typeof row.id).toBe("bigint");
    await expect(db.prisma.auditLog.update({ where: { id: row.id }, data: { action: "tampered" } })).rejects.toThrow(
      /append-only/,
    );
    await expect(db.prisma.auditLog.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    await expect(db.prisma.auditLog.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(db.prisma.$executeRawUnsafe(`TRUNCATE "audit_log"`)).rejects.toThrow(/append-only/);
    const stored = await db.prisma.auditLog.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.action).toBe("config.published");
    expect(await db.prisma.auditLog.count()).toBe(1);
  });
});
