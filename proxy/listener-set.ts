import type http from "node:http";
import type https from "node:https";
import type { Socket } from "node:net";
import type tls from "node:tls";
import type { Duplex } from "node:stream";
import { onlyGateway, type ActiveConfig } from "./config/active-config.ts";
import { startListener, type Listener, type ListenerOptions, type ListenerServer } from "./listener.ts";
import type { Logger } from "./log.ts";
import { sendText } from "./pipeline/respond.ts";
import type { SecretStore } from "./secrets/store.ts";
import { httpsLocation, misdirected, planPorts, portServesHost, type PortPlan } from "./tls/port-plan.ts";
import { buildServerTls, clientCertPolicy, pickCredential, type ServerTlsState } from "./tls/server-tls.ts";

/** Without --listen and without a gateway listener to serve: the port a proxy has always taken. */
export const DEFAULT_PORT = 8080;

export interface ListenerStatus {
  port: number;
  protocol: "HTTP" | "HTTPS";
  listeners: string[];
  mode?: "SIMPLE" | "MUTUAL";
  minProtocolVersion?: string;
  httpsRedirect?: boolean;
  certificates: { name: string; names: string[]; notAfter: string | null }[];
  /** Why the port does not serve as configured: missing credentials (handshakes fail), a port that did not bind. */
  problems: string[];
  tlsHandshakeFailures: number;
}

export interface ListenerSetDeps {
  /** Listener options every port shares (timeouts, limits, host, log). */
  base: Omit<ListenerOptions, "port" | "tls" | "onTlsError">;
  handler: { handle: http.RequestListener; inFlight(): number };
  onUpgrade(server: ListenerServer, req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
  store: SecretStore;
  log: Logger;
  /** `--listen`: this one port, plain HTTP, for every listener (the old single-port proxy). */
  fixedPort?: number;
  /** `--port-map`: the local port bound for a listener port (absent: the listener's own port). */
  portMap?: ReadonlyMap<number, number>;
  /** The gateway whose listeners to open (the one the route table serves). */
  gateway: string | undefined;
  serveOnlyGateway: boolean;
}

interface Bound {
  plan: PortPlan;
  listener: Listener;
  tls: ServerTlsState | null;
  handshakeFailures: number;
}

/**
 * The proxy's downstream ports: one per port of its gateway's listeners (HTTP, HTTPS with SNI, httpsRedirect), or
 * the one `--listen` port. Follows every applied snapshot (ports opened and closed, TLS settings swapped) and every
 * secret change (new SecureContexts set on the running servers: open connections are not touched, new handshakes
 * use the new certificates).
 */
export class ListenerSet {
  private readonly bound = new Map<number, Bound>();
  private readonly bindErrors = new Map<number, string>();
  /** Local port bound → the gateway listener port it serves (differs under `--port-map`). */
  private readonly byLocalPort = new Map<number, number>();
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly d: ListenerSetDeps) {
    d.store.onChange(() => this.refreshTls());
  }

  /** Opens, closes and reconfigures ports for a config; serialized, so overlapping applies cannot race. */
  sync(cfg: ActiveConfig | null, atStart = false): Promise<void> {
    const next = this.chain.then(() => this.syncNow(cfg, atStart));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private plans(cfg: ActiveConfig | null): PortPlan[] {
    const plain = (port: number): PortPlan => ({
      port,
      protocol: "HTTP",
      httpsRedirect: false,
      httpsPorts: [],
      listeners: [],
      hosts: [],
      listenerHosts: [],
    });
    if (this.d.fixedPort !== undefined) return [plain(this.d.fixedPort)];
    // No configuration yet (a console proxy at start): nothing to listen for until the first snapshot says.
    if (cfg === null) return [];
    const config = cfg.snapshot.config;
    const gateway = this.d.gateway ?? (this.d.serveOnlyGateway ? onlyGateway(config) : undefined);
    const plans = planPorts(config, gateway);
    return plans.length > 0 ? plans : [plain(DEFAULT_PORT)];
  }

  private async syncNow(cfg: ActiveConfig | null, atStart: boolean): Promise<void> {
    if (this.closed) return;
    // --listen: one plain port, opened once (port 0 binds whatever is free, so it cannot be compared).
    if (this.d.fixedPort !== undefined && this.bound.size > 0) return;
    const plans = this.plans(cfg);
    const wanted = new Set(plans.map((p) => p.port));
    for (const [port, b] of this.bound)
      if (!wanted.has(port)) {
        this.bound.delete(port);
        this.byLocalPort.delete(b.listener.port);
        this.d.log.info("listener closed", { port });
        void b.listener.close(10_000);
      }
    for (const plan of plans) {
      const b = this.bound.get(plan.port);
      if (b && b.plan.protocol === plan.protocol) {
        b.plan = plan;
        if (b.tls) this.applyTls(b);
        continue;
      }
      if (b) {
        this.bound.delete(plan.port);
        this.byLocalPort.delete(b.listener.port);
        await b.listener.close(10_000);
      }
      await this.open(plan, atStart);
    }
  }

  private async open(plan: PortPlan, atStart: boolean): Promise<void> {
    const b: Bound = { plan, listener: null as unknown as Listener, tls: null, handshakeFailures: 0 };
    if (plan.tls) b.tls = buildServerTls(plan.tls, this.d.store);
    const handler = {
      handle: (req: http.IncomingMessage, res: http.ServerResponse) => {
        // A port serves its own listeners' hostnames only (Gateway API listener hostname matching).
        if (!portServesHost(b.plan, req.headers.host)) return sendText(res, 404, "no route\n");
        if (misdirected(b.plan, (req.socket as tls.TLSSocket).servername, req.headers.host))
          return sendText(
            res,
            421,
            "misdirected request: the host belongs to another listener than the TLS server name\n",
          );
        if (!b.plan.httpsRedirect) return this.d.handler.handle(req, res);
        res.setHeader("location", httpsLocation(req.headers.host, req.url ?? "/", b.plan));
        sendText(res, 301, "moved to https\n");
      },
      inFlight: () => this.d.handler.inFlight(),
    };
    try {
      b.listener = await startListener(
        {
          ...this.d.base,
          port: this.d.portMap?.get(plan.port) ?? plan.port,
          tls: b.tls ? this.serverOptions(b) : undefined,
          onTlsError: (err: Error, socket: Socket) => {
            b.handshakeFailures++;
            this.d.log.debug("TLS handshake failed", {
              port: plan.port,
              client: socket.remoteAddress,
              error: err.message,
            });
          },
        },
        handler,
        (server, req, socket, head) => {
          if (portServesHost(b.plan, req.headers.host)) return this.d.onUpgrade(server, req, socket, head);
          socket.end(
            "HTTP/1.1 404 Not Found\r\ncontent-type: text/plain\r\ncontent-length: 9\r\nconnection: close\r\n\r\nno route\n",
          );
        },
      );
    } catch (e) {
      this.bindErrors.set(plan.port, `port ${plan.port} did not bind: ${String(e)}`);
      this.d.log.error("listener not opened", { port: plan.port, error: String(e) });
      if (atStart || this.d.fixedPort !== undefined) throw e;
      return;
    }
    this.bindErrors.delete(plan.port);
    // Keyed by the listener's port, which sync() compares plans by; `--listen 0` binds whatever is free.
    this.bound.set(this.d.fixedPort !== undefined ? b.listener.port : plan.port, b);
    this.byLocalPort.set(b.listener.port, plan.port);
    if (b.tls) this.reportTls(b);
  }

  /** The HTTPS server's options: its default context, SNI selection among the credentials, client certificates. */
  private serverOptions(b: Bound): https.ServerOptions {
    const s = b.tls!;
    return {
      ...s.defaultOptions,
      ...clientCertPolicy(s.settings),
      SNICallback: (servername: string, cb: (err: Error | null, ctx?: tls.SecureContext) => void) => {
        const state = b.tls!;
        const c = pickCredential(state, servername) ?? state.credentials[0];
        if (c) cb(null, c.context);
        else cb(new Error(`no certificate for ${servername}: ${state.problems.join("; ")}`));
      },
    };
  }

  /** New TLS settings or secrets on a running HTTPS server: contexts swapped, the server keeps running. */
  private applyTls(b: Bound): void {
    if (!b.plan.tls) return;
    b.tls = buildServerTls(b.plan.tls, this.d.store);
    const server = b.listener.server as https.Server & { requestCert: boolean; rejectUnauthorized: boolean };
    server.setSecureContext(b.tls.defaultOptions);
    Object.assign(server, clientCertPolicy(b.tls.settings));
    this.reportTls(b);
  }

  private refreshTls(): void {
    for (const b of this.bound.values()) if (b.tls) this.applyTls(b);
  }

  private reportTls(b: Bound): void {
    const s = b.tls!;
    if (s.problems.length > 0)
      this.d.log.error("HTTPS listener cannot serve every credential", { port: b.plan.port, problems: s.problems });
    else
      this.d.log.info("HTTPS listener ready", {
        port: b.listener.port,
        certificates: s.credentials.map((c) => c.name),
      });
  }

  /** The gateway listener port a request that arrived on local port `local` came in through. */
  listenerPort(local: number): number {
    return this.byLocalPort.get(local) ?? local;
  }

  /** The first bound port (the ready line's `listening`). */
  get port(): number {
    const first = [...this.bound.values()].sort((a, b) => a.listener.port - b.listener.port)[0];
    return first?.listener.port ?? 0;
  }

  ports(): number[] {
    return [...this.bound.values()].map((b) => b.listener.port).sort((a, b) => a - b);
  }

  inFlight(): number {
    return this.d.handler.inFlight();
  }

  tlsHandshakeFailures(): number {
    let n = 0;
    for (const b of this.bound.values()) n += b.handshakeFailures;
    return n;
  }

  status(): ListenerStatus[] {
    const out: ListenerStatus[] = [...this.bound.values()].map((b) => ({
      port: b.listener.port,
      protocol: b.plan.protocol,
      listeners: b.plan.listeners,
      ...(b.tls
        ? { mode: b.tls.settings.mode, minProtocolVersion: b.tls.settings.minProtocolVersion ?? "TLSV1_2" }
        : {}),
      ...(b.plan.httpsRedirect ? { httpsRedirect: true } : {}),
      certificates: (b.tls?.credentials ?? []).map((c) => ({
        name: c.name,
        names: c.names,
        notAfter: c.notAfter ?? null,
      })),
      problems: b.tls?.problems ?? [],
      tlsHandshakeFailures: b.handshakeFailures,
    }));
    for (const [port, error] of this.bindErrors)
      out.push({ port, protocol: "HTTP", listeners: [], certificates: [], problems: [error], tlsHandshakeFailures: 0 });
    return out.sort((a, b) => a.port - b.port);
  }

  async close(graceMs: number): Promise<void> {
    this.closed = true;
    await this.chain;
    await Promise.all([...this.bound.values()].map((b) => b.listener.close(graceMs)));
    this.bound.clear();
  }
}
