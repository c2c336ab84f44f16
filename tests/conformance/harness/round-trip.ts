import http from "node:http";
import http2 from "node:http2";
import https from "node:https";
import { isRedirect, type CapturedRequest, type CapturedResponse } from "./compare.ts";
import type { ConformanceCase } from "./types.ts";

/** The address the ported requests treat as the gateway's (upstream: the Gateway's address on port 80). */
export const GATEWAY_HOST = "127.0.0.1";

export interface RoundTrip {
  sent: { scheme: string; path: string };
  cReq: CapturedRequest;
  cRes: CapturedResponse;
}

/**
 * One request as upstream's DefaultRoundTripper makes it (roundtripper.go, MakeRequest in http.go): to the
 * gateway address with the case's Host, method, headers and body, always with `X-Echo-Set-Header`, without
 * following redirects. The TCP connection goes to the proxy's real port; Host and the URL say port 80, as a
 * gateway listening on 80 would see them. The echo JSON is read only when the response says application/json.
 */
export function roundTrip(port: number, c: ConformanceCase, caPem?: string): Promise<RoundTrip> {
  const method = c.request.method || "GET";
  const rawPath = c.request.path;
  const urlPath = rawPath.split("?")[0] ?? rawPath;
  const headers: Record<string, string> = {
    host: c.request.host || GATEWAY_HOST,
    "user-agent": "Go-http-client/1.1",
    "accept-encoding": "gzip",
  };
  for (const [name, value] of Object.entries(c.request.headers ?? {})) headers[name] = value;
  headers["X-Echo-Set-Header"] = Object.entries(c.backendSetResponseHeaders ?? {})
    .map(([n, v]) => `${n}:${v}`)
    .join(",");
  if (c.request.body) headers["content-length"] = String(Buffer.byteLength(c.request.body));
  const sent = { scheme: c.https ? "https" : "http", path: urlPath };
  // HTTP/2 over TLS (ALPN h2) or cleartext with prior knowledge (Go's http2.Transport with AllowHTTP).
  const h2 = c.protocol === "h2" || c.request.protocol === "H2C_PRIOR_KNOWLEDGE";
  const response = h2 ? h2Exchange(port, c, headers, caPem) : http1Exchange(port, c, headers, caPem);
  return response.then(({ status, headers: responseHeaders, body }) => {
    let cReq: CapturedRequest = { path: "", host: "", method, headers: {}, namespace: "", pod: "" };
    if (responseHeaders["content-type"]?.[0] === "application/json") {
      try {
        cReq = JSON.parse(body.toString("utf8")) as CapturedRequest;
      } catch (e) {
        throw new Error(`unexpected error reading response: ${String(e)}`);
      }
    }
    const cRes: CapturedResponse = { statusCode: status, headers: responseHeaders };
    const location = responseHeaders.location?.[0];
    if (isRedirect(status) && location) cRes.redirectRequest = parseLocation(location, urlPath);
    return { sent, cReq, cRes };
  });
}

interface Exchanged {
  status: number;
  /** Lower-case names, every value in arrival order. */
  headers: Record<string, string[]>;
  body: Buffer;
}

/**
 * The TLS server name: the case's `serverName` (upstream's MakeTLSRequest serverName, which may differ from the
 * Host), else the request host. The chain must verify against the test CA; the name itself is not checked against
 * the certificate: the tests are about which listener and route answer, not about certificate names.
 */
const tlsOptions = (c: ConformanceCase, host: string, caPem: string | undefined) => ({
  servername: c.serverName ?? host.replace(/:\d+$/, ""),
  ca: caPem,
  checkServerIdentity: () => undefined,
});

function http1Exchange(
  port: number,
  c: ConformanceCase,
  headers: Record<string, string>,
  caPem: string | undefined,
): Promise<Exchanged> {
  return new Promise((resolve, reject) => {
    const target = {
      host: "127.0.0.1",
      port,
      method: c.request.method || "GET",
      path: c.request.path,
      headers,
      agent: false,
    };
    const onResponse = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on("data", (b: Buffer) => chunks.push(b));
      res.on("error", reject);
      res.on("end", () => {
        const responseHeaders: Record<string, string[]> = {};
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
          (responseHeaders[res.rawHeaders[i]!.toLowerCase()] ??= []).push(res.rawHeaders[i + 1]!);
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: Buffer.concat(chunks) });
      });
    };
    const req = c.https
      ? https.request({ ...target, ...tlsOptions(c, headers.host!, caPem) }, onResponse)
      : http.request(target, onResponse);
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error("request timed out after 10 s")));
    req.end(c.request.body);
  });
}

/** roundtripper.H2Protocol: HTTP/2 over TLS (ALPN h2), the Host as `:authority`, one connection per request. */
function h2Exchange(
  port: number,
  c: ConformanceCase,
  headers: Record<string, string>,
  caPem: string | undefined,
): Promise<Exchanged> {
  return new Promise((resolve, reject) => {
    const { host, ...rest } = headers;
    const session = c.https
      ? http2.connect(`https://127.0.0.1:${port}`, { ...tlsOptions(c, host!, caPem), ALPNProtocols: ["h2"] })
      : http2.connect(`http://127.0.0.1:${port}`);
    const fail = (e: Error) => {
      session.destroy();
      reject(e);
    };
    session.on("error", fail);
    const stream = session.request({
      ":method": c.request.method || "GET",
      ":path": c.request.path,
      ":authority": host!,
      ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k.toLowerCase(), v])),
    });
    stream.setTimeout(10_000, () => fail(new Error("request timed out after 10 s")));
    const chunks: Buffer[] = [];
    let status = 0;
    const responseHeaders: Record<string, string[]> = {};
    stream.on("response", (h) => {
      status = Number(h[":status"]);
      for (const [name, value] of Object.entries(h))
        if (!name.startsWith(":") && value !== undefined)
          responseHeaders[name] = Array.isArray(value) ? value.map(String) : [String(value)];
    });
    stream.on("data", (b: Buffer) => chunks.push(b));
    stream.on("error", fail);
    stream.on("end", () => {
      session.close();
      resolve({ status, headers: responseHeaders, body: Buffer.concat(chunks) });
    });
    stream.end(c.request.body);
  });
}

/**
 * Go's resp.Location() then URL.Scheme / Hostname() / Port() / Path: relative locations resolve against the
 * request URL (http://<gateway host><path>); an explicit port is kept even when it is the scheme's default.
 */
export function parseLocation(location: string, requestPath: string): CapturedResponse["redirectRequest"] {
  const absolute = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(location);
  if (!absolute) {
    const url = new URL(location, `http://${GATEWAY_HOST}${requestPath}`);
    return { scheme: "http", host: GATEWAY_HOST, port: "", path: decodeURIComponent(url.pathname) };
  }
  const authority = absolute[2]!.replace(/^.*@/, "");
  const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(authority);
  const [host, port] = bracketed
    ? [bracketed[1]!, bracketed[2] ?? ""]
    : authority.includes(":")
      ? [authority.slice(0, authority.lastIndexOf(":")), authority.slice(authority.lastIndexOf(":") + 1)]
      : [authority, ""];
  return { scheme: absolute[1]!.toLowerCase(), host, port, path: decodeURIComponent(absolute[3] ?? "") };
}
