/**
 * replaceMesh / loadMesh against a real database (PostgreSQL with TEST_DATABASE_URL, else PGlite).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyMesh, MeshConfigSchema, type MeshConfig, type MeshConfigInput } from "../../lib/core/model/index.ts";
import { meshInNameOrder } from "../../lib/core/select/name-order.ts";
import { loadMesh, replaceMesh } from "../../lib/server/db/mesh-repository.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

/** Names already in code-point order, so the loaded mesh can be compared with the input as is. */
const richMesh: MeshConfigInput = {
  services: [
    {
      name: "payments-api",
      namespace: "payments",
      host: "payments.example.com",
      description: "third party",
      external: true,
    },
    {
      name: "reviews",
      host: "reviews.demo.local",
      description: "book reviews",
      // In order: the first decides the protocol of destinations that name no port.
      ports: [
        { name: "http", number: 9080 },
        { name: "grpc", number: 9090, protocol: "GRPC" },
      ],
      versions: [
        {
          name: "v1",
          labels: { version: "v1", "app.kubernetes.io/name": "reviews" },
          endpoints: [
            { address: "10.0.0.12", port: 9080 },
            { address: "10.0.0.11", port: 9080, weight: 3 },
          ],
        },
        {
          name: "v2",
          labels: { version: "v2" },
          tls: { mode: "SIMPLE", credentialName: "reviews-v2-ca", insecureSkipVerify: false },
          endpoints: [{ address: "reviews-v2.internal", port: 9081, weight: 1 }],
        },
        { name: "v3" },
      ],
      trafficPolicy: {
        loadBalancer: { type: "CONSISTENT_HASH", hashOn: { kind: "header", name: "x-user" } },
        connectionPool: { maxConnections: 100 },
        outlierDetection: { consecutiveErrors: 3 },
        healthCheck: { path: "/healthz" },
        tls: { mode: "MUTUAL", credentialName: "reviews-client", sni: "reviews.internal", subjectAltNames: ["a", "b"] },
      },
    },
  ],
  gateways: [
    {
      name: "edge",
      listeners: [
        {
          name: "https",
          port: 8443,
          protocol: "HTTPS",
          hosts: ["*.demo.local"],
          tls: { mode: "MUTUAL", credentialNames: ["demo-wildcard"], minProtocolVersion: "TLSV1_3" },
        },
        { name: "http", port: 8080, hosts: ["*"], httpsRedirect: true },
      ],
    },
    {
      name: "internal",
      namespace: "infra",
      listeners: [
        {
          name: "mesh",
          port: 15001,
          hosts: ["reviews.demo.local"],
          allowedRoutes: {
            from: "Selector",
            selector: { matchExpressions: [{ key: "team", operator: "In", values: ["shop"] }] },
            kinds: ["HTTPRoute"],
          },
        },
      ],
    },
  ],
  routes: [
    {
      name: "reviews-route",
      hosts: ["reviews.demo.local", "reviews"],
      gateways: ["internal", "edge"],
      rules: [
        {
          name: "canary-for-testers",
          matches: [
            {
              uri: { type: "prefix", value: "/api" },
              methods: ["GET", "POST"],
              headers: [{ name: "x-tester", type: "exact", value: "yes" }],
            },
            {
              authority: { type: "regex", value: "^reviews\\..*$" },
              queryParams: [{ name: "canary", type: "present" }],
            },
          ],
          destinations: [
            { service: "reviews", version: "v2", weight: 90, port: 9090 },
            { service: "reviews", version: "v1", weight: 10 },
          ],
          timeoutMs: 2500,
          retries: { attempts: 2, perTryTimeoutMs: 800, retryOn: ["5xx", "reset"] },
          fault: { delay: { percent: 5, fixedDelayMs: 200 }, abort: { percent: 1.5, httpStatus: 503 } },
          rewrite: { uriPrefix: "/v2/api" },
          requestHeaders: { set: { "x-canary": "1" }, remove: ["x-debug"] },
          responseHeaders: { add: { "x-served-by": "signalbox" } },
          mirror: { service: "reviews", version: "v3", percent: 10 },
          cors: {
            allowOrigins: [{ type: "exact", value: "https://app.demo.local" }],
            allowMethods: ["GET"],
            maxAgeSeconds: 600,
            allowCredentials: true,
          },
        },
        {
          name: "old-path",
          matches: [{ uri: { type: "exact", value: "/legacy" } }],
          redirect: { uri: "/api", scheme: "https" },
        },
        {
          name: "maintenance",
          matches: [{ headers: [{ name: "x-maint", type: "present" }] }],
          directResponse: { status: 503, body: "down for maintenance" },
        },
        { destinations: [{ service: "reviews", version: "v1", weight: 100 }] },
      ],
    },
    {
      name: "zz-payments",
      namespace: "shop",
      semantics: "gateway-api",
      hosts: ["payments.example.com"],
      rules: [{ destinations: [{ service: "payments-api", version: "default", weight: 100 }] }],
    },
  ],
  authorizationPolicies: [
    {
      name: "no-admin",
      namespace: "default",
      selector: { matchLabels: { app: "reviews", version: "v2" } },
      action: "DENY",
      rules: [
        {
          from: [{ source: { notPrincipals: ["*"], ipBlocks: ["10.0.0.0/8"] } }],
          to: [{ operation: { paths: ["/admin*"], methods: ["POST"] } }],
          when: [{ key: "request.headers[x-user]", values: ["mallory"] }],
        },
      ],
    },
    { name: "allow-nothing", namespace: "istio-system", action: "ALLOW" },
  ],
  peerAuthentications: [
    {
      name: "reviews",
      namespace: "default",
      selector: { matchLabels: { app: "reviews" } },
      portLevelMtls: { "9080": { mode: "PERMISSIVE" } },
    },
    { name: "default", namespace: "istio-system", mtls: { mode: "STRICT" } },
  ],
  // Lets zz-payments (namespace shop) reach payments-api (namespace payments).
  referenceGrants: [
    {
      name: "shop-to-payments",
      namespace: "payments",
      from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "shop" }],
      to: [
        { group: "", kind: "Service", name: "payments-api-default" },
        { group: "", kind: "Service" },
      ],
    },
  ],
  namespaces: [
    { name: "payments", labels: {} },
    { name: "shop", labels: { team: "shop" } },
  ],
};

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const publish = (mesh: MeshConfig | MeshConfigInput) =>
  db.prisma.$transaction((tx) => replaceMesh(tx, MeshConfigSchema.parse(mesh)));

describe("mesh repository", () => {
  it("loads an empty mesh from empty tables", async () => {
    expect(await loadMesh(db.prisma)).toEqual(emptyMesh());
  });

  it("round-trips a rich mesh exactly (after zod defaults)", async () => {
    await publish(richMesh);
    expect(await loadMesh(db.prisma)).toEqual(MeshConfigSchema.parse(richMesh));
  });

  it("replaces everything, and orders by name whatever the input order", async () => {
    const reversed = MeshConfigSchema.parse({
      services: [...richMesh.services!].reverse().slice(0, 1),
      gateways: [...richMesh.gateways!].reverse(),
      routes: [],
    });
    await publish(reversed);
    const loaded = await loadMesh(db.prisma);
    expect(loaded.services.map((s) => s.name)).toEqual(["reviews"]);
    expect(loaded.gateways.map((g) => g.name)).toEqual(["edge", "internal"]);
    expect(loaded.routes).toEqual([]);
    expect(await db.prisma.routeRule.count()).toBe(0);
    expect(await db.prisma.endpoint.count()).toBe(3);
  });

  it("leaves the previous mesh intact when replaceMesh fails inside the transaction", async () => {
    await publish(richMesh);
    const before = await loadMesh(db.prisma);
    const duplicate = MeshConfigSchema.parse({
      ...richMesh,
      services: [...richMesh.services!, richMesh.services![0]!],
    });
    await expect(publish(duplicate)).rejects.toThrow();
    const unknownGateway = MeshConfigSchema.parse({
      ...richMesh,
      routes: [{ ...richMesh.routes![0]!, gateways: ["nowhere"] }],
    });
    await expect(publish(unknownGateway)).rejects.toThrow(/unknown gateway nowhere/);
    expect(await loadMesh(db.prisma)).toEqual(before);
  });

  it("refuses to load a corrupt JSON column", async () => {
    await publish(richMesh);
    const rule = await db.prisma.routeRule.findFirstOrThrow({ where: { position: 0 } });
    await db.prisma.routeRule.update({ where: { id: rule.id }, data: { policy: { timeoutMs: -5 } } });
    await expect(loadMesh(db.prisma)).rejects.toThrow(/policy of rule 0 of route/);
  });
});

describe("mesh repository: incremental writes (replaceMesh with the previous mesh)", () => {
  type Ids = Map<string, string>;
  const ids = async (): Promise<{ services: Ids; gateways: Ids; routes: Ids }> => {
    const pick = (rows: { id: string; name: string }[]) => new Map(rows.map((r) => [r.name, r.id]));
    return {
      services: pick(await db.prisma.service.findMany({ select: { id: true, name: true } })),
      gateways: pick(await db.prisma.gateway.findMany({ select: { id: true, name: true } })),
      routes: pick(await db.prisma.route.findMany({ select: { id: true, name: true } })),
    };
  };
  /** Writes `next` over what the tables hold, as publishMesh does, and checks the tables now hold exactly `next`. */
  const step = async (next: MeshConfigInput): Promise<MeshConfig> => {
    const parsed = MeshConfigSchema.parse(next);
    await db.prisma.$transaction(async (tx) => replaceMesh(tx, parsed, await loadMesh(tx)));
    const loaded = await loadMesh(db.prisma);
    expect(loaded).toEqual(meshInNameOrder(MeshConfigSchema.parse(next)));
    return loaded;
  };
  const clone = (m: MeshConfig): MeshConfigInput => structuredClone(m) as MeshConfigInput;

  it("rewrites only the entities that changed, and the tables equal every proposal", async () => {
    await publish(richMesh);
    let mesh = await loadMesh(db.prisma);
    const first = await ids();

    // Nothing changed: every row keeps its id.
    mesh = await step(clone(mesh));
    expect(await ids()).toEqual(first);

    // One endpoint weight: only that service's rows are new.
    let next = clone(mesh);
    next.services!.find((s) => s.name === "reviews")!.versions![0]!.endpoints![0]!.weight = 7;
    mesh = await step(next);
    let now = await ids();
    expect(now.services.get("reviews")).not.toBe(first.services.get("reviews"));
    expect(now.services.get("payments-api")).toBe(first.services.get("payments-api"));
    expect(now.routes).toEqual(first.routes);

    // A listener added to gateway edge: reviews-route (bound to internal and edge) keeps both bindings in order;
    // zz-payments (bound to none) is untouched.
    next = clone(mesh);
    next.gateways!.find((g) => g.name === "edge")!.listeners!.push({ name: "alt", port: 8081, hosts: ["*"] });
    mesh = await step(next);
    now = await ids();
    expect(mesh.routes.find((r) => r.name === "reviews-route")!.gateways).toEqual(["internal", "edge"]);
    expect(now.routes.get("zz-payments")).toBe(first.routes.get("zz-payments"));
    expect(now.gateways.get("internal")).toBe(first.gateways.get("internal"));

    // Policies only: no service, gateway or route row is rewritten.
    const before = await ids();
    next = clone(mesh);
    next.peerAuthentications![0]!.mtls = { mode: "STRICT" };
    next.namespaces = [{ name: "shop", labels: { team: "web" } }];
    mesh = await step(next);
    expect(await ids()).toEqual(before);

    // A gateway removed with the route binding to it, a route renamed, a service and its route removed.
    next = clone(mesh);
    next.gateways = next.gateways!.filter((g) => g.name !== "internal");
    const reviewsRoute = next.routes!.find((r) => r.name === "reviews-route")!;
    reviewsRoute.gateways = ["edge"];
    reviewsRoute.name = "reviews-main";
    next.routes = next.routes!.filter((r) => r.name !== "zz-payments");
    next.services = next.services!.filter((s) => s.name !== "payments-api");
    next.referenceGrants = [];
    mesh = await step(next);
    expect(await db.prisma.routeGateway.count()).toBe(1);

    // A new service and a route bound to a gateway that did not change (its id is looked up, not recreated).
    const edgeId = (await ids()).gateways.get("edge");
    next = clone(mesh);
    next.services!.push({ name: "ratings", host: "ratings.demo.local", versions: [{ name: "v1" }] });
    next.routes!.push({
      name: "ratings",
      hosts: ["ratings.demo.local"],
      gateways: ["edge"],
      rules: [{ destinations: [{ service: "ratings", version: "v1", weight: 100 }] }],
    });
    mesh = await step(next);
    expect((await ids()).gateways.get("edge")).toBe(edgeId);
    expect(await db.prisma.routeGateway.count()).toBe(2);

    // And back to the first mesh in one write.
    await step(richMesh);
  });

  it("leaves the tables as they were when an incremental write fails", async () => {
    await publish(richMesh);
    const before = await loadMesh(db.prisma);
    const next = clone(before);
    next.routes!.find((r) => r.name === "zz-payments")!.gateways = ["nowhere"];
    await expect(
      db.prisma.$transaction(async (tx) => replaceMesh(tx, MeshConfigSchema.parse(next), await loadMesh(tx))),
    ).rejects.toThrow(/unknown gateway nowhere/);
    expect(await loadMesh(db.prisma)).toEqual(before);
  });
});
