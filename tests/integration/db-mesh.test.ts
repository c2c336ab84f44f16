/**
 * replaceMesh / loadMesh against a real database (PostgreSQL with TEST_DATABASE_URL, else PGlite).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyMesh, MeshConfigSchema, type MeshConfig, type MeshConfigInput } from "../../lib/core/model/index.ts";
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
