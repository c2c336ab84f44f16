import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { closeServer } from "./upstreams.ts";

/**
 * Sends raw bytes on a fresh connection and collects everything until the peer closes it, or until `timeoutMs`
 * passes (then resolves with what arrived and `closed: false`). For heads node's http client would refuse to send.
 */
export function rawExchange(
  port: number,
  data: string | Buffer,
  timeoutMs = 5_000,
): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    let out = "";
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      s.destroy();
      resolve({ text: out, closed });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    s.on("data", (c: Buffer) => (out += c.toString("latin1")));
    s.on("close", () => finish(true));
    s.on("error", () => undefined);
    s.write(data);
  });
}

/** The status code of the first response in a raw HTTP/1.1 byte stream (0 when there is none). */
export const statusOf = (text: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);

export interface SeenRequest {
  method: string;
  url: string;
  rawHeaders: string[];
  body: string;
}

export interface EchoUpstream {
  port: number;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** All values of a header in a raw header list. */
export function headerValues(raw: readonly string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) out.push(raw[i + 1]!);
  return out;
}

/**
 * An upstream that records each request exactly as it arrived (method, url, raw header list, whole body) and
 * answers 200 with `{"upstream": name}`; `handler` may answer instead (return true).
 */
export async function startEchoUpstream(
  name: string,
  handler?: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => boolean,
): Promise<EchoUpstream> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("latin1");
      seen.push({ method: req.method ?? "", url: req.url ?? "", rawHeaders: [...req.rawHeaders], body });
      if (handler?.(req, res, body) === true) return;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ upstream: name }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () => closeServer(server),
  };
}
