import http from "node:http";
import type http2 from "node:http2";
import type https from "node:https";
import net, { type AddressInfo, type Socket } from "node:net";
import { inboundMtlsMode } from "../../lib/core/compile/index.ts";
import { principalOf, type AuthzRequest } from "../../lib/core/authz/index.ts";
import { parseRequestTarget } from "../../lib/core/routing/index.ts";
import { ROOT_CA_SECRET_NAME, WORKLOAD_SECRET_NAME } from "../../lib/core/protocol/secrets.ts";
import type { EffectiveMtlsMode } from "../../lib/core/snapshot/schema.ts";
import { mtlsStateOf, UNKNOWN_SOURCE } from "../../lib/core/sidecar/index.ts";
import type { ActiveConfig, ConfigHolder } from "../config/active-config.ts";
import { HOP_BY_HOP, connectionTokens } from "../headers/hop-by-hop.ts";
import { peerSpiffeId } from "../identity/peer-identity.ts";
import type { Logger } from "../log.ts";
import type { MetricsRegistry } from "../metrics/registry.ts";
import { decide } from "../pipeline/authorize.ts";
import { DEFAULT_REQUEST_POLICY } from "../pipeline/request-policy.ts";
import { sendText } from "../pipeline/respond.ts";
import { clusterUsesHttp2 } from "../upstream/clusters.ts";
import type { SecretStore } from "../secrets/store.ts";
import { EndpointState } from "../upstream/endpoint.ts";
import { Http2Downstream } from "../listener.ts";
import type { Series } from "../metrics/registry.ts";
import type { AttemptOwner } from "../pipeline/attempt.ts";
import { H2Attempt } from "../pipeline/h2-attempt.ts";
import { grpcCode } from "../pipeline/grpc.ts";
import { workloadSpiffeId } from "./workload-id.ts";

/** The first byte of a TLS record carrying a handshake (ClientHello): how PERMISSIVE tells TLS from plaintext. */
const TLS_HANDSHAKE = 0x16;

export interface InboundOptions {
  host: string;
  /** `--inbound`; 0 picks a free port (tests). */
  port: number;
  /** `--sidecar-for`: the cluster (`service/version`) whose policies and mTLS mode apply. */
  cluster: string;
  /** `--app`: the local application's port; its address is `appHost` (127.0.0.1). */
  appPort: number;
  appHost: string;
  holder: ConfigHolder;
  store: SecretStore;
  registry: MetricsRegistry;
  log: Logger;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/** Connections the inbound refused before any request, by reason (shown in /stats). */
export interface InboundRefusals {
  /** Plaintext to a STRICT port. */
  plaintext: number;
  /** TLS to a DISABLE port, or while the sidecar has no workload certificate yet. */
  tls: number;
  /** Failed handshakes: no client certificate, one the mesh bundle does not verify. */
  handshake: number;
}

/** The inbound as /stats shows it. */
export interface InboundStatus {
  port: number;
  cluster: string;
  app: number;
  mode: EffectiveMtlsMode;
  /** The workload certificate's SPIFFE ID (null until the sidecar has one). */
  identity: string | null;
  refused: InboundRefusals;
}

/**
 * The sidecar's inbound listener: one port taking mTLS and plaintext as the PeerAuthentication that applies to the
 * cluster and the app port says (STRICT: mTLS only, PERMISSIVE: both, told apart by the first byte, DISABLE:
 * plaintext only). TLS presents the workload certificate (`default`) and requires a client certificate that the
 * mesh bundle (`ROOTCA`) verifies; the caller's SPIFFE ID is then the source principal the cluster's
 * AuthorizationPolicies see. Allowed requests go to the app on 127.0.0.1:<app>, each counted on the
 * service-to-service edge (caller, this cluster, mTLS state) for the console's topology.
 */
export class SidecarInbound {
  readonly refused: InboundRefusals = { plaintext: 0, tls: 0, handshake: 0 };
  private readonly net: net.Server;
  private readonly plain: http.Server;
  private readonly secure: https.Server;
  private readonly h2: Http2Downstream;
  private readonly agent = new http.Agent({ keepAlive: true });
  /** The app over HTTP/2 (h2c with prior knowledge): the gateway's upstream session code, one session. */
  private readonly appH2: EndpointState;
  /** Whether the app speaks HTTP/2 (its service port HTTP2 or GRPC), worked out once per config. */
  private appHttp2 = { config: null as ActiveConfig | null, on: false };
  private readonly sockets = new Set<Socket>();
  private hasContext = false;
  private ownId: string | null = null;
  private readonly offStore: () => void;

  constructor(private readonly o: InboundOptions) {
    const timeouts = { headersTimeout: o.headersTimeoutMs, keepAliveTimeout: o.keepAliveTimeoutMs };
    const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => this.handle(req, res);
    // HTTP/2 as on the gateway's listeners: h2 by ALPN (HTTP/1.1 still offered) on mTLS, h2c prior knowledge on
    // plaintext; the heads are normalized there so the same handler serves both.
    this.h2 = new Http2Downstream(onRequest, o.headersTimeoutMs);
    this.plain = http.createServer(timeouts, onRequest);
    this.h2.acceptPriorKnowledge(this.plain);
    this.secure = this.h2.secureServer(timeouts, { requestCert: true, rejectUnauthorized: true });
    this.appH2 = new EndpointState(o.cluster, o.appHost, o.appPort, 1, undefined);
    this.secure.on("tlsClientError", (err: Error, socket: Socket) => {
      this.refused.handshake++;
      o.log.debug("inbound mTLS handshake failed", { client: socket.remoteAddress, error: err.message });
      socket.destroy();
    });
    this.net = net.createServer((socket) => this.accept(socket));
    this.refreshContext();
    this.offStore = o.store.onChange(() => this.refreshContext());
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.net.once("error", reject);
      this.net.listen(this.o.port, this.o.host, () => {
        this.net.off("error", reject);
        resolve();
      });
    });
  }

  get port(): number {
    return (this.net.address() as AddressInfo | null)?.port ?? 0;
  }

  /** The mode on the app port under the running config (PERMISSIVE before the first one). */
  mode(): EffectiveMtlsMode {
    return inboundMtlsMode(this.o.holder.current?.snapshot.config.mtls, this.o.cluster, this.o.appPort);
  }

  /** The workload certificate and mesh bundle as they are now: new handshakes use them, open connections stay. */
  private refreshContext(): void {
    const own = this.o.store.get(WORKLOAD_SECRET_NAME);
    const root = this.o.store.get(ROOT_CA_SECRET_NAME);
    this.ownId = workloadSpiffeId(this.o.store);
    this.hasContext = Boolean(own?.certChainPem && own.privateKeyPem && root?.caBundlePem);
    if (!this.hasContext) return;
    this.secure.setSecureContext({
      cert: own!.certChainPem,
      key: own!.privateKeyPem,
      ca: root!.caBundlePem,
      minVersion: "TLSv1.2",
    });
  }

  /** Reads the first byte, then hands the connection to the TLS or the plaintext server, or refuses it. */
  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
    socket.setTimeout(this.o.headersTimeoutMs, () => socket.destroy());
    socket.once("end", () => socket.destroy());
    socket.once("data", (first: Buffer) => {
      socket.setTimeout(0);
      socket.removeAllListeners("end");
      socket.pause();
      socket.unshift(first);
      const mode = this.mode();
      if (first[0] === TLS_HANDSHAKE) {
        if (mode === "DISABLE" || !this.hasContext) return this.refuse(socket, "tls", mode);
        // node's TLS socket reads what is buffered on the socket first (the unshifted ClientHello), then its
        // handle; resuming the plain stream here would hand the ClientHello to nobody.
        this.secure.emit("connection", socket);
        return;
      }
      if (mode === "STRICT") return this.refuse(socket, "plaintext", mode);
      this.plain.emit("connection", socket);
      socket.resume();
    });
  }

  private refuse(
    socket: Socket,
    kind: keyof InboundRefusals,
    mode: EffectiveMtlsMode,
    session?: http2.Http2Session,
  ): void {
    this.refused[kind]++;
    this.o.log.debug("inbound connection refused", { kind, mode, client: socket.remoteAddress });
    if (session) session.destroy();
    else socket.destroy();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const start = performance.now();
    const cfg = this.o.holder.current;
    if (cfg === null) return sendText(res, 503, "no configuration yet\n");
    const mutual = (req.socket as { encrypted?: boolean }).encrypted === true;
    const mode = this.mode();
    // A keep-alive connection opened under an earlier mode: the mode that holds now decides.
    if ((mutual && mode === "DISABLE") || (!mutual && mode === "STRICT")) {
      // An HTTP/2 request's socket is the session's (node allows no socket calls on it): the session goes.
      const session = (req as unknown as { stream?: http2.ServerHttp2Stream }).stream?.session;
      return this.refuse(req.socket, mutual ? "tls" : "plaintext", mode, session);
    }
    const peer = mutual ? peerSpiffeId(req.socket) : null;
    const series = this.o.registry.edge(this.o.cluster, peer ?? UNKNOWN_SOURCE, mtlsStateOf(mutual, mode));
    res.once("close", () => series.record(res.statusCode, performance.now() - start));
    // The path policies match and the app gets: normalized as on every listener (lib/core/routing).
    const target = parseRequestTarget(req.url ?? "/", req.headers.host ?? "", DEFAULT_REQUEST_POLICY.paths);
    if ("rejected" in target) return sendText(res, 400, `${target.rejected}\n`);
    const policies = cfg.authz.clusters.get(this.o.cluster);
    if (policies && !decide(policies, new InboundRequest(req, peer, target.path, this.o.appPort), this.o.registry))
      return sendText(res, 403, "RBAC: access denied");
    this.forward(req, res, target.path + target.query, peer, mutual, this.http2ToApp(cfg), series);
  }

  private http2ToApp(cfg: ActiveConfig): boolean {
    if (this.appHttp2.config !== cfg) {
      const cluster = cfg.snapshot.config.clusters.find((c) => c.name === this.o.cluster);
      this.appHttp2 = { config: cfg, on: cluster !== undefined && clusterUsesHttp2(cluster, this.o.appPort) };
    }
    return this.appHttp2.on;
  }

  /** Streams the request to the app and its answer back; the app sees the caller in x-forwarded-client-cert. */
  private forward(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
    peer: string | null,
    mutual: boolean,
    http2ToApp: boolean,
    series: Series,
  ): void {
    const headers = withoutHopByHop(req.headers);
    // Only this sidecar may say who called: a header the caller sent is dropped (Envoy's SANITIZE_SET).
    delete headers["x-forwarded-client-cert"];
    if (peer !== null) headers["x-forwarded-client-cert"] = `By=${this.ownId ?? ""};URI=${peer}`;
    headers["x-forwarded-proto"] = mutual ? "https" : "http";
    if (http2ToApp) return this.forwardHttp2(req, res, path, headers, series);
    const up = http.request(
      { host: this.o.appHost, port: this.o.appPort, method: req.method, path, headers, agent: this.agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
        answer.pipe(res);
      },
    );
    up.on("error", (e) => {
      this.o.log.debug("app unreachable", { port: this.o.appPort, error: e.message });
      sendText(res, 503, "upstream connect error\n");
    });
    res.once("close", () => {
      if (!res.writableFinished) up.destroy();
    });
    req.pipe(up);
  }

  /** The request to the app over HTTP/2: status, body and trailers (gRPC's grpc-status) relayed, grpc-status counted. */
  private forwardHttp2(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
    headers: http.OutgoingHttpHeaders,
    series: Series,
  ): void {
    const raw: string[] = [];
    for (const [k, v] of Object.entries(headers))
      for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined) raw.push(k, String(x));
    const log = this.o.log;
    const port = this.o.appPort;
    const owner: AttemptOwner = {
      onResponse(_a, status, rawHead) {
        const head = fromRaw(rawHead);
        if (head["grpc-status"] !== undefined) series.recordGrpc(grpcCode(String(head["grpc-status"])));
        res.writeHead(status, head);
        return true;
      },
      onFailure(_a, failure) {
        log.debug("app unreachable", { port, error: failure.error.message });
        sendText(res, 503, "upstream connect error\n");
      },
      trailers(rawTrailers) {
        const t = fromRaw(rawTrailers);
        if (t["grpc-status"] !== undefined) series.recordGrpc(grpcCode(String(t["grpc-status"])));
        res.addTrailers(t as http.OutgoingHttpHeaders as Record<string, string>);
      },
      write(chunk, resume) {
        const ok = res.write(chunk);
        if (!ok) res.once("drain", resume);
        return ok;
      },
      end(ok) {
        if (ok) res.end();
        else res.destroy();
      },
    };
    const attempt = new H2Attempt(owner, this.appH2, "http");
    res.once("close", () => {
      if (!res.writableFinished) attempt.abort();
    });
    attempt.start(req.method ?? "GET", path, raw, { kind: "stream", head: [], source: req }, undefined);
  }

  status(): InboundStatus {
    return {
      port: this.port,
      cluster: this.o.cluster,
      app: this.o.appPort,
      mode: this.mode(),
      identity: this.ownId,
      refused: { ...this.refused },
    };
  }

  /** Idle HTTP/1.1 keep-alive connections (node's HTTP/2 server has no closeIdleConnections: goAway covers it). */
  private closeIdle(): void {
    this.plain.closeIdleConnections();
    if (typeof this.secure.closeIdleConnections === "function") this.secure.closeIdleConnections();
  }

  async close(graceMs: number): Promise<void> {
    this.offStore();
    const closed = new Promise<void>((resolve) => this.net.close(() => resolve()));
    this.h2.goAway();
    this.closeIdle();
    const deadline = Date.now() + graceMs;
    while (this.sockets.size > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      this.closeIdle();
    }
    this.h2.destroyAll();
    for (const s of this.sockets) s.destroy();
    this.agent.destroy();
    this.appH2.destroy();
    await closed;
  }
}

/** A copy of a head without hop-by-hop fields (and those its Connection header names), nor HTTP/2 pseudo-headers. */
function withoutHopByHop(h: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const named = connectionTokens(String(h.connection ?? ""), null);
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(h))
    if (v !== undefined && k.charCodeAt(0) !== 58 /* : */ && !HOP_BY_HOP.has(k) && !named?.has(k)) out[k] = v;
  return out;
}

/** Raw header pairs from the HTTP/2 attempt as a head node writes (repeated names as arrays), hop-by-hop dropped. */
function fromRaw(raw: Buffer[]): http.OutgoingHttpHeaders {
  const h: http.IncomingHttpHeaders = {};
  for (let i = 0; i < raw.length; i += 2) {
    const k = raw[i]!.toString("latin1").toLowerCase();
    const v = raw[i + 1]!.toString("latin1");
    const prev = h[k];
    h[k] = (prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]) as string;
  }
  return withoutHopByHop(h);
}

/** What the authorizer reads of an inbound request: the caller's verified identity, the app port as destination. */
class InboundRequest implements AuthzRequest {
  readonly principal: string | null;
  readonly namespace: string | null;
  constructor(
    private readonly req: http.IncomingMessage,
    peer: string | null,
    readonly path: string,
    readonly port: number,
  ) {
    const id = principalOf(peer);
    this.principal = id.principal;
    this.namespace = id.namespace;
  }
  get sourceIp(): string {
    return this.req.socket.remoteAddress ?? "";
  }
  get remoteIp(): string {
    return this.sourceIp;
  }
  get method(): string {
    return this.req.method ?? "GET";
  }
  get host(): string {
    return this.req.headers.host ?? "";
  }
  header(name: string): string | undefined {
    const v = this.req.headers[name];
    return Array.isArray(v) ? v.join(", ") : v;
  }
}
