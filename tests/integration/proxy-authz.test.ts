import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSnapshot } from "../../lib/core/compile/index.ts";
import { MeshConfigSchema, type AuthorizationPolicyInput, type MeshConfig } from "../../lib/core/model/index.ts";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { eventually } from "../helpers/eventually.ts";
import { startFakeConsole, type FakeConsole } from "../helpers/fake-console.ts";
import { get, startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

/**
 * Access policy through the real proxy: meshes with AuthorizationPolicies compiled by the console's compiler, served
 * by a proxy for gateway `edge` in front of a real upstream. A denial is `403 RBAC: access denied` and never
 * reaches the upstream; denials are reported to the console by policy.
 */
describe("proxy: access policy (authorize stage)", () => {
  let web: TestUpstream;
  let consoleSrv: FakeConsole;
  let proxy: Proxy;
  let version = 0;

  /** `web` in `webNamespace` (absent: default), gateway `edge` in default. */
  const mesh = (policies: AuthorizationPolicyInput[], webNamespace?: string): MeshConfig =>
    MeshConfigSchema.parse({
      services: [
        {
          name: "web",
          ...(webNamespace === undefined ? {} : { namespace: webNamespace }),
          host: "web.test",
          versions: [{ name: "v1", endpoints: [{ address: "127.0.0.1", port: web.port }] }],
        },
      ],
      gateways: [{ name: "edge", listeners: [{ name: "http", port: 8080, protocol: "HTTP", hosts: ["*"] }] }],
      routes: [
        {
          name: "web",
          hosts: ["web.test"],
          gateways: ["edge"],
          rules: [{ destinations: [{ service: "web", version: "v1", weight: 100 }] }],
        },
      ],
      authorizationPolicies: policies,
    });

  async function apply(policies: AuthorizationPolicyInput[], webNamespace?: string): Promise<void> {
    version++;
    consoleSrv.publish(buildSnapshot(mesh(policies, webNamespace), version));
    await proxy.waitForVersion(version);
  }

  /** Sends, and tells whether the upstream saw it. */
  async function send(path: string, opts: { method?: string; headers?: Record<string, string> } = {}) {
    const before = web.seen.length;
    const r = await get(proxy.port, path, opts.headers ?? {}, opts.method ?? "GET");
    return { ...r, reached: web.seen.length > before };
  }

  beforeAll(async () => {
    web = await startUpstream("web");
    consoleSrv = await startFakeConsole({ token: "t" });
    consoleSrv.publish(buildSnapshot(mesh([]), ++version));
    proxy = createProxy({
      nodeId: "authz-node",
      consoleUrl: consoleSrv.url,
      token: "t",
      gateway: "edge",
      port: 0,
      adminPort: 0,
      metricsIntervalMs: 100,
      logLevel: "silent",
    });
    await proxy.start();
    await proxy.waitForVersion(version);
  });

  afterAll(async () => {
    await proxy?.stop(1_000);
    await Promise.all([web?.close(), consoleSrv?.close()]);
  });

  it("a snapshot without policy carries no authorization section", () => {
    expect(buildSnapshot(mesh([]), 1).config).not.toHaveProperty("authorization");
  });

  it("DENY on a path: 403 RBAC: access denied, the upstream never reached; other paths pass; denials reported", async () => {
    await apply([
      {
        name: "no-admin",
        selector: { matchLabels: { app: "web" } },
        action: "DENY",
        rules: [{ to: [{ operation: { paths: ["/admin*"] } }] }],
      },
    ]);
    for (let i = 0; i < 3; i++) {
      const denied = await send("/admin/users");
      expect(denied).toMatchObject({ status: 403, body: "RBAC: access denied", reached: false });
    }
    expect(await send("/reviews")).toMatchObject({ status: 200, reached: true });
    await eventually("3 denials by default/no-admin reported", () => {
      const n = consoleSrv.metrics
        .flatMap((b) => b.authz ?? [])
        .filter((a) => a.policy === "default/no-admin" && a.action === "DENY" && a.outcome === "denied")
        .reduce((s, a) => s + a.count, 0);
      return n === 3;
    });
  });

  it("ALLOW for GET only: GET passes, POST is denied", async () => {
    await apply([
      {
        name: "reads",
        selector: { matchLabels: { app: "web" } },
        action: "ALLOW",
        rules: [{ to: [{ operation: { methods: ["GET"] } }] }],
      },
    ]);
    expect(await send("/x")).toMatchObject({ status: 200, reached: true });
    expect(await send("/x", { method: "POST" })).toMatchObject({
      status: 403,
      body: "RBAC: access denied",
      reached: false,
    });
  });

  it("ipBlocks 127.0.0.1/32 allows this client; 10.0.0.0/8 does not; a DENY on notIpBlocks 127.0.0.1/32 spares it", async () => {
    const allowFrom = (block: string): AuthorizationPolicyInput => ({
      name: "from-block",
      targetRefs: [{ kind: "Service", name: "web" }],
      rules: [{ from: [{ source: { ipBlocks: [block] } }] }],
    });
    await apply([allowFrom("127.0.0.1/32")]);
    expect(await send("/")).toMatchObject({ status: 200 });
    await apply([allowFrom("10.0.0.0/8")]);
    expect(await send("/")).toMatchObject({ status: 403, reached: false });
    await apply([
      { name: "outsiders", action: "DENY", rules: [{ from: [{ source: { notIpBlocks: ["127.0.0.1/32"] } }] }] },
    ]);
    expect(await send("/")).toMatchObject({ status: 200 });
  });

  it("a header `when` condition", async () => {
    await apply([
      {
        name: "no-mallory",
        action: "DENY",
        selector: { matchLabels: { app: "web" } },
        rules: [{ when: [{ key: "request.headers[x-user]", values: ["mallory"] }] }],
      },
    ]);
    expect(await send("/", { headers: { "x-user": "mallory" } })).toMatchObject({ status: 403, reached: false });
    expect(await send("/", { headers: { "x-user": "alice" } })).toMatchObject({ status: 200, reached: true });
  });

  it("a gateway-selected policy is checked as the request arrives, before routing (403, not 404)", async () => {
    await apply([
      {
        name: "edge-internal",
        action: "DENY",
        selector: { matchLabels: { istio: "edge" } },
        rules: [{ to: [{ operation: { paths: ["/internal*"] } }] }],
      },
    ]);
    expect(await send("/internal/x", { headers: { host: "nowhere.test" } })).toMatchObject({ status: 403 });
    expect(await send("/x", { headers: { host: "nowhere.test" } })).toMatchObject({ status: 404 });
    expect(await send("/internal/x")).toMatchObject({ status: 403, reached: false });
  });

  it("an ALLOW policy without rules (allow-nothing) denies everything; the denial names no policy", async () => {
    await apply([{ name: "allow-nothing", selector: { matchLabels: { app: "web" } } }]);
    expect(await send("/")).toMatchObject({ status: 403, reached: false });
    await eventually("a no-ALLOW-matched denial reported", () =>
      consoleSrv.metrics.flatMap((b) => b.authz ?? []).some((a) => a.policy === "-" && a.action === "ALLOW"),
    );
  });

  it("a policy applies in its own namespace only: one in `other` leaves a `default` service alone", async () => {
    const denyAll = (namespace: string, selector?: Record<string, string>): AuthorizationPolicyInput => ({
      name: `deny-all-${namespace}`,
      namespace,
      action: "DENY",
      ...(selector ? { selector: { matchLabels: selector } } : {}),
      rules: [{}],
    });
    // web lives in default: deny-all policies of namespace `other`, namespace-wide or selecting app=web, do not apply.
    await apply([denyAll("other"), { ...denyAll("other", { app: "web" }), name: "deny-web-other" }]);
    expect(await send("/")).toMatchObject({ status: 200, reached: true });
    // The same policy in web's namespace denies.
    await apply([denyAll("default", { app: "web" })]);
    expect(await send("/")).toMatchObject({ status: 403, body: "RBAC: access denied", reached: false });
    // web moved to namespace `shop`: the default policy no longer applies, shop's does, the root namespace's does.
    await apply([denyAll("default", { app: "web" })], "shop");
    expect(await send("/")).toMatchObject({ status: 200, reached: true });
    await apply([denyAll("shop", { app: "web" })], "shop");
    expect(await send("/")).toMatchObject({ status: 403, reached: false });
    await apply([denyAll("istio-system", { app: "web" })], "shop");
    expect(await send("/")).toMatchObject({ status: 403, reached: false });
    await eventually("the denials are reported as shop/… and istio-system/…", () => {
      const names = new Set(consoleSrv.metrics.flatMap((b) => b.authz ?? []).map((a) => a.policy));
      return names.has("shop/deny-all-shop") && names.has("istio-system/deny-all-istio-system");
    });
  });
});
