import http2 from "node:http2";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetricSeries } from "../../lib/core/index.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildSnapshot } from "../../lib/core/compile/index.ts";
import { MeshConfigSchema } from "../../lib/core/index.ts";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { freePort } from "../helpers/ports.ts";
import { issueCert, makeCa, writeSecret } from "../helpers/test-certs.ts";
import { eventually } from "../helpers/eventually.ts";
import { cluster, config, rule, snapshot, vhost } from "../helpers/snapshot-builder.ts";
import { jsonEchoService } from "../helpers/grpc-echo.ts";

/** Messages are JSON: the calls need no .proto, and both ends are @grpc/grpc-js. */
interface Msg {
  key?: string;
  text?: string;
  /** Fail the first `failTimes` calls of `key` with `failCode`. */
  failTimes?: number;
  failCode?: number;
  delayMs?: number;
  count?: number;
}
const { json, service: ECHO, Client: EchoClient } = jsonEchoService<Msg>();
type Client = InstanceType<typeof EchoClient> & {
  unary(
    m: Msg,
    md: grpc.Metadata,
    o: grpc.CallOptions,
    cb: (e: grpc.ServiceError | null, r?: Msg) => void,
  ): grpc.ClientUnaryCall;
  stream(m: Msg, md?: grpc.Metadata, o?: grpc.CallOptions): grpc.ClientReadableStream<Msg>;
};

const HOST = "echo.test";

/** The upstream: a @grpc/grpc-js server; `calls` counts unary calls by key, `cancelled` lists cancelled ones. */
async function startEcho(
  calls: Map<string, number>,
  cancelled: string[],
): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server();
  server.addService(ECHO, {
    unary: (call: grpc.ServerUnaryCall<Msg, Msg>, cb: grpc.sendUnaryData<Msg>) => {
      const m = call.request;
      const n = (calls.get(m.key ?? "") ?? 0) + 1;
      calls.set(m.key ?? "", n);
      if (m.failTimes !== undefined && n <= m.failTimes)
        return cb({ code: m.failCode ?? grpc.status.UNAVAILABLE, details: `failing call ${n}` });
      const answer = () => {
        const trailer = new grpc.Metadata();
        trailer.set("x-served-call", String(n));
        cb(null, { text: `echo: ${m.text}` }, trailer);
      };
      if (m.delayMs === undefined) return answer();
      const t = setTimeout(answer, m.delayMs);
      call.on("cancelled", () => {
        clearTimeout(t);
        cancelled.push(m.key ?? "");
      });
    },
    stream: (call: grpc.ServerWritableStream<Msg, Msg>) => {
      for (let i = 0; i < (call.request.count ?? 0); i++) call.write({ text: `part ${i}` });
      call.end();
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, port) =>
      e ? reject(e) : resolve(port),
    ),
  );
  return { server, port };
}

describe("gRPC through the proxy (h2c on a plain listener, HTTP/2 upstream by service port)", () => {
  let server: grpc.Server;
  let upstreamPort = 0;
  let proxy: Proxy;
  let client: Client;
  const calls = new Map<string, number>();
  const cancelled: string[] = [];

  beforeAll(async () => {
    ({ server, port: upstreamPort } = await startEcho(calls, cancelled));
    proxy = createProxy({ nodeId: "grpc", port: 0, logLevel: "silent" });
    await proxy.start();
    const retries = { attempts: 2, retryOn: ["unavailable" as const], backoffBaseMs: 1, maxBufferedBodyBytes: 65536 };
    const grpcPort = { ports: [{ name: "grpc", number: 9090, protocol: "GRPC" as const }] };
    const applied = proxy.applySnapshot(
      snapshot(
        1,
        config(
          [
            vhost("echo", [HOST], [rule("echo#0", { "echo/v1": 100 }, { retries })]),
            vhost("down", ["down.test"], [rule("down#0", { "down/v1": 100 })]),
          ],
          [
            cluster("echo/v1", [{ port: upstreamPort }], grpcPort),
            // Nothing listens there: the proxy's own answer must be a gRPC status.
            cluster("down/v1", [{ port: await freePort() }], grpcPort),
          ],
        ),
      ),
    );
    expect(applied).toMatchObject({ ok: true });
    client = new EchoClient(`127.0.0.1:${proxy.port}`, grpc.credentials.createInsecure(), {
      "grpc.default_authority": HOST,
    }) as Client;
  });

  afterAll(async () => {
    client?.close();
    await proxy?.stop(500);
    server?.forceShutdown();
  });

  const unary = (m: Msg, deadlineMs?: number) =>
    new Promise<{ error: grpc.ServiceError | null; reply?: Msg; trailers?: grpc.Metadata }>((resolve) => {
      let trailers: grpc.Metadata | undefined;
      const call = client.unary(
        m,
        new grpc.Metadata(),
        deadlineMs === undefined ? {} : { deadline: Date.now() + deadlineMs },
        (error, reply) => setImmediate(() => resolve({ error, reply, trailers })),
      );
      call.on("status", (s: grpc.StatusObject) => (trailers = s.metadata));
    });

  it("passes a unary call through, with the server's trailers", async () => {
    const r = await unary({ key: "plain", text: "hello" });
    expect(r.error).toBeNull();
    expect(r.reply).toEqual({ text: "echo: hello" });
    expect(r.trailers?.get("x-served-call")).toEqual(["1"]);
  });

  it("streams a server-streaming call message by message", async () => {
    const got: string[] = [];
    const status = await new Promise<grpc.StatusObject>((resolve, reject) => {
      const s = client.stream({ count: 5 });
      s.on("data", (m: Msg) => got.push(m.text ?? ""));
      s.on("status", resolve);
      s.on("error", reject);
    });
    expect(got).toEqual(["part 0", "part 1", "part 2", "part 3", "part 4"]);
    expect(status.code).toBe(grpc.status.OK);
  });

  it("retries a call answered UNAVAILABLE (retryOn: unavailable) and succeeds on the third attempt", async () => {
    const r = await unary({ key: "retry", text: "again", failTimes: 2 });
    expect(r.error).toBeNull();
    expect(r.reply).toEqual({ text: "echo: again" });
    expect(calls.get("retry")).toBe(3);
  });

  it("does not retry a status the policy does not name", async () => {
    const r = await unary({ key: "internal", failTimes: 5, failCode: grpc.status.INTERNAL });
    expect(r.error?.code).toBe(grpc.status.INTERNAL);
    expect(r.error?.details).toBe("failing call 1");
    expect(calls.get("internal")).toBe(1);
  });

  it("gives up after the attempts and relays the last status", async () => {
    const r = await unary({ key: "down", failTimes: 10 });
    expect(r.error?.code).toBe(grpc.status.UNAVAILABLE);
    expect(calls.get("down")).toBe(3);
  });

  it("ends a call at its deadline and cancels the upstream stream", async () => {
    const r = await unary({ key: "slow", delayMs: 10_000 }, 300);
    expect(r.error?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    await eventually("the upstream call cancelled", () => cancelled.includes("slow"));
  });

  it("honours grpc-timeout itself: a client that never gives up gets DEADLINE_EXCEEDED from the proxy", async () => {
    // A raw HTTP/2 client without a deadline of its own: only the proxy can end the call.
    const session = http2.connect(`http://127.0.0.1:${proxy.port}`);
    try {
      const body = json.serialize({ key: "raw-slow", delayMs: 10_000 });
      const frame = Buffer.concat([Buffer.from([0, 0, 0, 0, body.length]), body]);
      const stream = session.request({
        ":method": "POST",
        ":path": "/test.Echo/Unary",
        ":authority": HOST,
        "content-type": "application/grpc",
        te: "trailers",
        "grpc-timeout": "200m",
      });
      stream.end(frame);
      const result = await new Promise<{ status: number; trailers: http2.IncomingHttpHeaders }>((resolve, reject) => {
        let status = 0;
        stream.on("response", (h) => (status = Number(h[":status"])));
        stream.on("trailers", (trailers) => resolve({ status, trailers }));
        stream.on("error", reject);
        stream.resume();
      });
      expect(result.status).toBe(200);
      expect(result.trailers["grpc-status"]).toBe(String(grpc.status.DEADLINE_EXCEEDED));
      await eventually("the upstream call cancelled", () => cancelled.includes("raw-slow"));
    } finally {
      session.close();
    }
  });

  it("answers a call whose upstream refuses connections with UNAVAILABLE, not an HTTP error", async () => {
    const down = new EchoClient(`127.0.0.1:${proxy.port}`, grpc.credentials.createInsecure(), {
      "grpc.default_authority": "down.test",
    }) as Client;
    try {
      const error = await new Promise<grpc.ServiceError | null>((resolve) =>
        down.unary({ key: "down" }, new grpc.Metadata(), {}, (e) => resolve(e)),
      );
      expect(error?.code).toBe(grpc.status.UNAVAILABLE);
      expect(error?.details).toBe("upstream connect error");
    } finally {
      down.close();
    }
  });

  it("counts calls by grpc-status in the metrics", async () => {
    const all = proxy.metricsDelta().series;
    const countsOf = (cluster: string) => {
      const counts: Record<string, number> = {};
      for (const s of all.filter((x: MetricSeries) => x.cluster === cluster))
        for (const [code, n] of Object.entries(s.grpcStatus ?? {})) counts[code] = (counts[code] ?? 0) + n;
      return counts;
    };
    const counts = countsOf("echo/v1");
    expect(countsOf("down/v1")).toEqual({ "14": 1 });
    // OK: plain, stream, retry; INTERNAL: internal; UNAVAILABLE: down; DEADLINE_EXCEEDED: raw-slow (the proxy's own
    // answer), and "slow" when the proxy's grpc-timeout fired before the client's own timer reset the stream.
    const { "4": deadlines, ...rest } = counts;
    expect(rest).toEqual({ "0": 3, "13": 1, "14": 1 });
    expect(deadlines).toBeGreaterThanOrEqual(1);
    expect(deadlines).toBeLessThanOrEqual(2);
  });
});

describe("gRPC on an HTTPS gateway listener (h2 by ALPN), compiled from a mesh whose service port is GRPC", () => {
  const ca = makeCa("grpc test CA");
  let server: grpc.Server;
  let proxy: Proxy;
  let secretsDir: string;
  let client: Client;
  const calls = new Map<string, number>();

  beforeAll(async () => {
    let upstreamPort: number;
    ({ server, port: upstreamPort } = await startEcho(calls, []));
    secretsDir = mkdtempSync(path.join(tmpdir(), "signalbox-grpc-secrets-"));
    writeSecret(secretsDir, "echo-cert", { cert: issueCert(ca, HOST) });
    proxy = createProxy({ nodeId: "grpc-tls", gatewayPorts: true, gateway: "edge", secretsDir, logLevel: "silent" });
    await proxy.start();
    const mesh = MeshConfigSchema.parse({
      services: [
        {
          name: "echo",
          host: "echo.svc.local",
          // The first port is plain HTTP: only the destination's port makes the upstream HTTP/2.
          ports: [
            { name: "http", number: 8080, protocol: "HTTP" },
            { name: "grpc", number: 9090, protocol: "GRPC" },
          ],
          versions: [{ name: "v1", endpoints: [{ address: "127.0.0.1", port: upstreamPort }] }],
        },
      ],
      gateways: [
        {
          name: "edge",
          listeners: [
            {
              name: "grpcs",
              port: await freePort(),
              protocol: "HTTPS",
              hosts: [HOST],
              tls: { mode: "SIMPLE", credentialNames: ["echo-cert"] },
            },
          ],
        },
      ],
      routes: [
        {
          name: "echo",
          hosts: [HOST],
          gateways: ["edge"],
          rules: [{ destinations: [{ service: "echo", version: "v1", weight: 100, port: 9090 }] }],
        },
      ],
    });
    const snap = buildSnapshot(mesh, 1);
    expect(snap.config.clusters[0]!.ports).toEqual(mesh.services[0]!.ports);
    expect(snap.config.virtualHosts[0]!.rules[0]!.destinations).toEqual([
      { cluster: "echo/v1", weight: 100, port: 9090 },
    ]);
    expect(proxy.applySnapshot(snap)).toMatchObject({ ok: true });
    await eventually("the HTTPS listener", () => proxy.ports().length > 0);
    client = new EchoClient(`127.0.0.1:${proxy.ports()[0]!}`, grpc.credentials.createSsl(Buffer.from(ca.certPem)), {
      "grpc.ssl_target_name_override": HOST,
      "grpc.default_authority": HOST,
    }) as Client;
  });

  afterAll(async () => {
    client?.close();
    await proxy?.stop(500);
    server?.forceShutdown();
    if (secretsDir) rmSync(secretsDir, { recursive: true, force: true });
  });

  it("serves unary and streaming calls over TLS", async () => {
    const reply = await new Promise<Msg>((resolve, reject) =>
      client.unary({ key: "tls", text: "secure" }, new grpc.Metadata(), {}, (e, r) => (e ? reject(e) : resolve(r!))),
    );
    expect(reply).toEqual({ text: "echo: secure" });
    const got: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const s = client.stream({ count: 3 });
      s.on("data", (m: Msg) => got.push(m.text ?? ""));
      s.on("end", resolve);
      s.on("error", reject);
    });
    expect(got).toEqual(["part 0", "part 1", "part 2"]);
  });
});
