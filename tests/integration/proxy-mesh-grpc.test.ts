import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSnapshot } from "../../lib/core/compile/index.ts";
import {
  MeshConfigSchema,
  MetricsBatchSchema,
  type AuthorizationPolicyInput,
  type PeerAuthentication,
} from "../../lib/core/index.ts";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { eventually } from "../helpers/eventually.ts";
import { startFakeConsole, type FakeConsole } from "../helpers/fake-console.ts";
import { issueCert, makeCa, removeCertWorkDir, writeSecret, type TestCa } from "../helpers/test-certs.ts";
import { get, startUpstream, type TestUpstream } from "../helpers/upstreams.ts";
import { jsonEchoService } from "../helpers/grpc-echo.ts";

/**
 * gRPC between two services in mesh mode, @grpc/grpc-js on both ends: the caller → its sidecar's outbound (h2c)
 * → the echo sidecar's inbound (HTTP/2 over mTLS, by ALPN, since echo's service port is GRPC) → the echo app
 * (h2c). The echo app answers with the x-forwarded-client-cert it was given, so the caller's identity is checked.
 */
const TD = "mesh.test";
const id = (service: string) => `spiffe://${TD}/ns/default/sa/${service}`;

interface Msg {
  text?: string;
  count?: number;
}
const { service: ECHO, Client: EchoClient } = jsonEchoService<Msg>();
type Client = InstanceType<typeof EchoClient> & {
  unary(m: Msg, cb: (e: grpc.ServiceError | null, r?: Msg) => void): grpc.ClientUnaryCall;
  stream(m: Msg): grpc.ClientReadableStream<Msg>;
};

let meshCa: TestCa;
let consoleSrv: FakeConsole;
let echoServer: grpc.Server;
let echoPort = 0;
let frontendApp: TestUpstream;
const sidecars: Record<string, Proxy> = {};
const clients: Client[] = [];
const dirs: string[] = [];
let version = 0;
/** A gRPC client straight to the echo inbound in plaintext: its h2c connection stays open across mode changes. */
let plainCaller: Client;

async function apply(peerAuthentications: Partial<PeerAuthentication>[], policies: AuthorizationPolicyInput[] = []) {
  const service = (name: string, ports?: { name: string; number: number; protocol: "GRPC" | "HTTP" }[]) => ({
    name,
    host: name,
    ...(ports ? { ports } : {}),
    versions: [{ name: "v1", endpoints: [{ address: "127.0.0.1", port: sidecars[name]!.inboundPort! }] }],
  });
  const route = (name: string) => ({
    name,
    hosts: [name],
    gateways: [],
    rules: [{ destinations: [{ service: name, version: "v1", weight: 100 }] }],
  });
  const m = MeshConfigSchema.parse({
    services: [service("echo", [{ name: "grpc", number: 9090, protocol: "GRPC" }]), service("frontend")],
    gateways: [],
    routes: ["echo", "frontend"].map(route),
    peerAuthentications,
    authorizationPolicies: policies,
  });
  version++;
  consoleSrv.publish(buildSnapshot(m, version));
  await Promise.all(Object.values(sidecars).map((p) => p.waitForVersion(version)));
}

/** A gRPC client of `port` (a sidecar's outbound, or an inbound straight), calling the echo service. */
function client(port: number): Client {
  const c = new EchoClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    "grpc.default_authority": "echo:9090",
  }) as Client;
  clients.push(c);
  return c;
}

const unary = (c: Client, m: Msg) =>
  new Promise<{ error: grpc.ServiceError | null; reply?: Msg }>((resolve) =>
    c.unary(m, (error, reply) => resolve({ error, reply })),
  );

beforeAll(async () => {
  meshCa = makeCa("mesh root");
  consoleSrv = await startFakeConsole({ token: "t" });
  echoServer = new grpc.Server();
  echoServer.addService(ECHO, {
    unary: (call: grpc.ServerUnaryCall<Msg, Msg>, cb: grpc.sendUnaryData<Msg>) =>
      cb(null, { text: `${call.request.text} from ${String(call.metadata.get("x-forwarded-client-cert")[0])}` }),
    stream: (call: grpc.ServerWritableStream<Msg, Msg>) => {
      for (let i = 0; i < (call.request.count ?? 0); i++) call.write({ text: `part ${i}` });
      call.end();
    },
  });
  echoPort = await new Promise<number>((resolve, reject) =>
    echoServer.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, port) =>
      e ? reject(e) : resolve(port),
    ),
  );
  frontendApp = await startUpstream("frontend-app");
  for (const [service, appPort] of [
    ["echo", echoPort],
    ["frontend", frontendApp.port],
  ] as const) {
    const dir = mkdtempSync(path.join(tmpdir(), `signalbox-sidecar-${service}-`));
    dirs.push(dir);
    writeSecret(dir, "default", { cert: issueCert(meshCa, `${service}.sidecar`, [`URI:${id(service)}`]) });
    writeSecret(dir, "ROOTCA", { caPem: meshCa.certPem });
    sidecars[service] = createProxy({
      nodeId: `${service}-v1-sidecar`,
      consoleUrl: consoleSrv.url,
      token: "t",
      port: 0,
      sidecar: { cluster: `${service}/v1`, inboundPort: 0, appPort },
      secretsDir: dir,
      metricsIntervalMs: 100,
      logLevel: "silent",
    });
    await sidecars[service].start();
  }
  await apply([]);
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all(Object.values(sidecars).map((p) => p.stop(500)));
  echoServer?.forceShutdown();
  await frontendApp?.close();
  await consoleSrv?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  removeCertWorkDir();
});

describe("mesh mode: gRPC through the sidecars", () => {
  it("PERMISSIVE: a plaintext gRPC caller reaches the app over h2c, without a caller identity", async () => {
    plainCaller = client(sidecars.echo!.inboundPort!);
    const r = await unary(plainCaller, { text: "plain" });
    expect(r.error).toBeNull();
    expect(r.reply).toEqual({ text: "plain from undefined" });
  });

  describe("STRICT", () => {
    beforeAll(() => apply([{ name: "default", namespace: "istio-system", mtls: { mode: "STRICT" } }]));

    it("a unary call passes (HTTP/2 over mTLS between the sidecars), the app learns the caller's SPIFFE ID", async () => {
      const r = await unary(client(sidecars.frontend!.port), { text: "hello" });
      expect(r.error).toBeNull();
      expect(r.reply).toEqual({ text: `hello from By=${id("echo")};URI=${id("frontend")}` });
    });

    it("a server-streaming call arrives message by message with status OK", async () => {
      const got: string[] = [];
      const status = await new Promise<grpc.StatusObject>((resolve, reject) => {
        const s = client(sidecars.frontend!.port).stream({ count: 4 });
        s.on("data", (m: Msg) => got.push(m.text ?? ""));
        s.on("status", resolve);
        s.on("error", reject);
      });
      expect(got).toEqual(["part 0", "part 1", "part 2", "part 3"]);
      expect(status.code).toBe(grpc.status.OK);
    });

    it("a plaintext (h2c) gRPC caller is refused at the inbound, on the connection it opened before", async () => {
      const before = sidecars.echo!.stats().sidecar!.refused.plaintext;
      const r = await unary(plainCaller, { text: "plain" });
      expect(r.error?.code).toBe(grpc.status.UNAVAILABLE);
      expect(sidecars.echo!.stats().sidecar!.refused.plaintext).toBeGreaterThan(before);
      const again = await unary(client(sidecars.echo!.inboundPort!), { text: "plain" });
      expect(again.error?.code).toBe(grpc.status.UNAVAILABLE);
    });

    it("HTTP/1.1 still passes through the same sidecars", async () => {
      const r = await get(sidecars.echo!.port, "/hello", { host: "frontend:9080" });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toMatchObject({ upstream: "frontend-app", url: "/hello" });
      expect(frontendApp.seen.at(-1)!.headers["x-forwarded-client-cert"]).toBe(
        `By=${id("frontend")};URI=${id("echo")}`,
      );
    });
  });

  describe("a DENY policy on echo", () => {
    beforeAll(() =>
      apply(
        [{ name: "default", namespace: "istio-system", mtls: { mode: "STRICT" } }],
        [
          {
            name: "echo-deny-frontend",
            selector: { matchLabels: { app: "echo" } },
            action: "DENY",
            rules: [{ from: [{ source: { principals: [`${TD}/ns/default/sa/frontend`] } }] }],
          },
        ],
      ),
    );

    it("gives the caller PERMISSION_DENIED (Envoy's 403 RBAC: access denied, as gRPC maps it)", async () => {
      const r = await unary(client(sidecars.frontend!.port), { text: "denied" });
      expect(r.error?.code).toBe(grpc.status.PERMISSION_DENIED);
    });

    it("reports the edge as locked, with the calls' grpc-status and the denial", async () => {
      const edges = await eventually(
        "edge series from the echo sidecar",
        () => {
          const series = consoleSrv.metrics
            .filter((b) => b.node === "echo-v1-sidecar")
            .flatMap((b) => MetricsBatchSchema.parse(b).series)
            .filter((s) => s.source === id("frontend") && s.mtls === "locked");
          const sum = (f: (s: (typeof series)[number]) => number) => series.reduce((n, s) => n + f(s), 0);
          const totals = { ok: sum((s) => s.grpcStatus?.["0"] ?? 0), denied: sum((s) => s.status["4xx"]) };
          return totals.ok >= 2 && totals.denied >= 1 ? totals : null;
        },
        10_000,
        100,
      );
      expect(edges).toEqual({ ok: 2, denied: 1 });
    });
  });
});
