import type { X509Certificate } from "node:crypto";
import https from "node:https";
import tls from "node:tls";
import type { TestCert } from "./test-certs.ts";

/** GET over HTTPS on a fresh connection (no agent): the status, body and the certificate the proxy presented. */
export function httpsGet(
  p: number,
  host: string,
  opts: { ca: string; cert?: TestCert; path?: string },
): Promise<{ status: number; body: string; peer: X509Certificate }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port: p,
        path: opts.path ?? "/",
        servername: host,
        headers: { host },
        ca: opts.ca,
        cert: opts.cert?.certPem,
        key: opts.cert?.keyPem,
        agent: false,
      },
      (res) => {
        const peer = (res.socket as tls.TLSSocket).getPeerX509Certificate()!;
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, peer }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** A bare handshake: the presented certificate's subject, or the error the handshake ended with. */
export function tlsHandshake(
  p: number,
  options: tls.ConnectionOptions,
): Promise<{ subject?: string; error?: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: "127.0.0.1", port: p, ...options });
    let subject: string | undefined;
    socket.once("secureConnect", () => {
      subject = socket.getPeerX509Certificate()?.subject;
      // TLS 1.3: a refused client certificate arrives as an alert after the handshake; read to see it.
      socket.write("GET / HTTP/1.1\r\nhost: api.test\r\nconnection: close\r\n\r\n");
      socket.once("data", () => (socket.destroy(), resolve({ subject })));
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve({ error }));
    socket.once("close", () =>
      resolve({ error: Object.assign(new Error("closed without an answer"), { code: "CLOSED" }) }),
    );
  });
}
