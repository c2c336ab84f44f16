import http from "node:http";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { closeServer } from "../../helpers/upstreams.ts";
import { serveWebSocketEcho } from "./websocket.ts";

/** What upstream's echo-basic answers (conformance/utils/roundtripper/roundtripper.go, CapturedRequest). */
export interface EchoBody {
  path: string;
  host: string;
  method: string;
  proto: string;
  headers: Record<string, string[]>;
  namespace: string;
  ingress: string;
  service: string;
  pod: string;
  httpPort: string;
}

export interface EchoServer {
  /** The Kubernetes Service this echo server stands in for. */
  service: string;
  namespace: string;
  /** echo-basic's HTTP/1.1 (and WebSocket) port: container port 3000. */
  port: number;
  /** echo-basic's HTTP/2 cleartext port (prior knowledge only): container port 3001. */
  h2cPort: number;
  /** Every request received (mirrors included), newest last. */
  received: EchoBody[];
  close(): Promise<void>;
}

/** Go's http.CanonicalHeaderKey: the form echo-basic's JSON uses for header names. */
export function canonicalHeaderKey(name: string): string {
  return name
    .toLowerCase()
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("-");
}

function headerMap(raw: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = canonicalHeaderKey(raw[i]!);
    // Go moves Host out of the header map into Request.Host.
    if (key === "Host") continue;
    (out[key] ??= []).push(raw[i + 1]!);
  }
  return out;
}

/** A Go duration as the tests write it (`1s`, `500ms`); anything else is no delay. */
export function parseDelay(value: string | null): number {
  const m = value ? /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(value) : null;
  if (!m) return 0;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] as "ms" | "s" | "m"];
}

/**
 * An in-process stand-in for upstream's echo-basic pod behind one Service: answers every request with the JSON
 * above (pod name `<service>-<suffix>`, like a Deployment's pod), and sets the response headers the client asks
 * for in `X-Echo-Set-Header: name:value,name:value`, as echo-basic does.
 */
export async function startEchoServer(service: string, namespace: string): Promise<EchoServer> {
  const received: EchoBody[] = [];
  const pod = `${service}-7d9f8c6b5-conf`;
  const answer = (req: EchoRequest, res: EchoResponse, port: number) => {
    req.resume();
    req.on("end", () => {
      const body: EchoBody = {
        path: req.url ?? "/",
        // HTTP/2 carries the host as :authority (Go's Request.Host either way).
        host: req.headers.host ?? String(req.headers[":authority"] ?? ""),
        method: req.method ?? "",
        proto: `HTTP/${req.httpVersion}`,
        headers: headerMap(req.rawHeaders),
        namespace,
        ingress: "",
        service,
        pod,
        httpPort: String(port),
      };
      received.push(body);
      const set = req.headers["x-echo-set-header"];
      if (typeof set === "string" && set !== "") {
        for (const pair of set.split(",")) {
          const colon = pair.indexOf(":");
          if (colon > 0) res.setHeader(pair.slice(0, colon).trim(), pair.slice(colon + 1).trim());
        }
      }
      res.setHeader("content-type", "application/json");
      res.setHeader("x-content-type-options", "nosniff");
      // echo-basic holds the answer for `?delay=<Go duration>` (the timeout tests use it).
      const delayMs = parseDelay(new URL(body.path, "http://echo").searchParams.get("delay"));
      const send = () => {
        if (!res.writableEnded && !req.socket?.destroyed) res.end(JSON.stringify(body));
      };
      if (delayMs > 0) setTimeout(send, delayMs).unref();
      else send();
    });
  };
  const server = http.createServer((req, res) => answer(req, res, portOf(server)));
  // echo-basic's WebSocket echo on /ws (httproute-backend-protocol-websocket.go).
  // Upgraded sockets leave the server's connection list: tracked, so close() can end them.
  const upgraded = new Set<Duplex>();
  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    upgraded.add(socket);
    socket.on("close", () => upgraded.delete(socket));
    serveWebSocketEcho(req, socket, head);
  });
  // Cleartext HTTP/2 takes prior knowledge only: an HTTP/1.1 request there fails (the h2c test relies on it).
  const h2c = http2.createServer((req, res) => answer(req, res, portOf(h2c)));
  const sessions = new Set<http2.ServerHttp2Session>();
  h2c.on("session", (s) => (sessions.add(s), s.on("close", () => sessions.delete(s))));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  await new Promise<void>((resolve) => h2c.listen(0, "127.0.0.1", resolve));
  return {
    service,
    namespace,
    port: portOf(server),
    h2cPort: portOf(h2c),
    received,
    close: async () => {
      for (const s of upgraded) s.destroy();
      await closeServer(server);
      // The proxy keeps its HTTP/2 session open: close waits for sessions, so end them.
      for (const s of sessions) s.destroy();
      await new Promise<void>((resolve) => h2c.close(() => resolve()));
    },
  };
}

type EchoRequest = http.IncomingMessage | http2.Http2ServerRequest;
type EchoResponse = http.ServerResponse | http2.Http2ServerResponse;
const portOf = (s: { address(): AddressInfo | string | null }) => (s.address() as AddressInfo).port;
