import http from "node:http";
import type { AddressInfo } from "node:net";

export interface TestUpstream {
  name: string;
  port: number;
  /** Requests seen, in order: method, url, headers, the client port (one per connection). */
  seen: { method: string; url: string; headers: http.IncomingHttpHeaders; remotePort: number | undefined }[];
  close(): Promise<void>;
}

/**
 * An upstream on 127.0.0.1:0 that answers `{"upstream": name, ...}` and echoes request bodies on POST /echo
 * (streamed straight back, for large-body tests). `handler` overrides the behaviour per request.
 */
export async function startUpstream(
  name: string,
  handler?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean | void,
): Promise<TestUpstream> {
  const seen: TestUpstream["seen"] = [];
  const server = http.createServer((req, res) => {
    seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      remotePort: req.socket.remotePort,
    });
    if (handler?.(req, res) === true) return;
    res.setHeader("x-served-by", name);
    if (req.method === "POST" && req.url?.startsWith("/echo")) {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      req.pipe(res);
      return;
    }
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          upstream: name,
          url: req.url,
          host: req.headers.host,
          requestId: req.headers["x-request-id"],
          xff: req.headers["x-forwarded-for"],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    name,
    port: (server.address() as AddressInfo).port,
    seen,
    close: () => closeServer(server),
  };
}

/** Closes a test server now: open keep-alive connections too, so the close does not wait for them. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** A plain request through the proxy; the body is read fully. */
export async function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
  body?: Buffer | string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path, method, headers: { host: "web.test", ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** A port nothing listens on (bound then released). */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
