/**
 * The endpoint build applies the registry events since its last build (lib/server/registry/endpoints-discovery.ts)
 * instead of reading every instance. After each kind of change (register, a relabel that moves an instance to another
 * version, a move to another service, a health change, a deregistration) its clusters must equal the ones computed
 * from all instances read afresh, on a real database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HealthStatusSchema, MeshConfigSchema, RegistrationSchema, registeredEndpoints } from "@/lib/core/index.ts";
import { createTestDatabaseUrl, testServerUrl } from "../helpers/test-database.ts";

type Store = typeof import("@/lib/server/registry/registry-store.ts");
type Discovery = typeof import("@/lib/server/registry/endpoints-discovery.ts");

const actor = { name: "test", source: "api", tokenId: null } as const;
const mesh = MeshConfigSchema.parse({
  services: [
    { name: "reviews", host: "reviews", versions: [{ name: "v1" }, { name: "v2" }] },
    { name: "ratings", host: "ratings", versions: [{ name: "v1" }] },
  ],
});

describe.skipIf(!testServerUrl())("incremental endpoint builds (PostgreSQL)", () => {
  let db: { url: string; drop(): Promise<void> };
  let store: Store;
  let discovery: Discovery;

  beforeAll(async () => {
    db = (await createTestDatabaseUrl())!;
    process.env.DATABASE_URL = db.url;
    const { getPrisma } = await import("@/lib/server/db/client.ts");
    const { publishMesh } = await import("@/lib/server/config/publish.ts");
    const { versionSignal } = await import("@/lib/server/xds/version-signal.ts");
    const prisma = await getPrisma();
    const { version } = await prisma.$transaction((tx) => publishMesh(tx, mesh, { actorId: null, changeSetId: null }));
    versionSignal.publish(version);
    store = await import("@/lib/server/registry/registry-store.ts");
    discovery = await import("@/lib/server/registry/endpoints-discovery.ts");
  });

  afterAll(async () => {
    const { closePrisma } = await import("@/lib/server/db/client.ts");
    await closePrisma();
    await db?.drop();
  });

  /** Every instance read afresh, through the same lib/core selection the build uses. */
  async function fromScratch() {
    const { getPrisma } = await import("@/lib/server/db/client.ts");
    const rows = await (await getPrisma()).registryInstance.findMany();
    return registeredEndpoints(
      mesh.services,
      rows.map((r) => ({
        service: r.service,
        address: r.address,
        port: r.port,
        weight: r.weight,
        labels: r.labels as Record<string, string>,
        health: HealthStatusSchema.parse(r.health),
      })),
    );
  }

  const register = (id: string, service: string, port: number, version: string, check = false) =>
    store.registerInstance(
      RegistrationSchema.parse({
        id,
        service,
        address: "127.0.0.1",
        port,
        meta: { version },
        checks: check ? [{ id: `${id}-ttl`, name: "ttl", kind: "ttl", ttlMs: 60_000, status: "passing" }] : [],
      }),
      actor,
    );

  async function expectSameAsFull(): Promise<void> {
    const built = await discovery.currentEndpoints();
    expect(built.clusters).toEqual(await fromScratch());
  }

  it("matches a full read after every kind of change", async () => {
    await register("a", "reviews", 9001, "v1");
    await register("b", "reviews", 9002, "v2", true);
    await register("c", "ratings", 9003, "v1");
    await expectSameAsFull();
    expect(Object.keys((await discovery.currentEndpoints()).clusters).sort()).toEqual([
      "ratings/v1",
      "reviews/v1",
      "reviews/v2",
    ]);

    await register("a", "reviews", 9001, "v2"); // relabelled: moves from v1 to v2
    await expectSameAsFull();
    expect((await discovery.currentEndpoints()).clusters["reviews/v1"]).toBeUndefined();

    await register("c", "reviews", 9003, "v1"); // moved to another service
    await expectSameAsFull();
    expect((await discovery.currentEndpoints()).clusters["ratings/v1"]).toBeUndefined();

    await store.recordCheckResult("b-ttl", "critical", "down", { damped: false, actor: "test" }); // leaves traffic
    await expectSameAsFull();
    expect((await discovery.currentEndpoints()).clusters["reviews/v2"]).toEqual([
      { address: "127.0.0.1", port: 9001, weight: 1 },
    ]);

    await store.deregisterInstance("a", actor);
    await expectSameAsFull();
    expect((await discovery.currentEndpoints()).clusters["reviews/v2"]).toBeUndefined();
  });
});
