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
  if (c.request.protocol === "H2C_PRIOR_KNOWLEDGE") return h2cRoundTrip(port, c, headers);
  return new Promise((resolve, reject) => {
    const target = { host: "127.0.0.1", port, method, path: rawPath, headers, agent: false };
    const onResponse = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const responseHeaders: Record<string, string[]> = {};
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          (responseHeaders[res.rawHeaders[i]!.toLowerCase()] ??= []).push(res.rawHeaders[i + 1]!);
        }
        let cReq: CapturedRequest = { path: "", host: "", method, headers: {}, namespace: "", pod: "" };
        if (res.headers["content-type"] === "application/json") {
          try {
            cReq = JSON.parse(Buffer.concat(chunks).toString("utf8")) as CapturedRequest;
          } catch (e) {
            return reject(new Error(`unexpected error reading response: ${String(e)}`));
          }
        }
        const status = res.statusCode ?? 0;
        const cRes: CapturedResponse = { statusCode: status, headers: responseHeaders };
        const location = res.headers.location;
        if (isRedirect(status) && location) {
          cRes.redirectRequest = parseLocation(location, urlPath);
        }
        resolve({ sent: { scheme: c.https ? "https" : "http", path: urlPath }, cReq, cRes });
      });
    };
    // SNI is the request host; the chain must verify against the test CA. The host name itself is not checked
    // against the certificate: the tests are about which listener and route answer, not about certificate names.
    const req = c.https
      ? https.request(
          {
            ...target,
            servername: headers.host!.replace(/:\d+$/, ""),
            ca: caPem,
            checkServerIdentity: () => undefined,
          },
          onResponse,
        )
      : http.request(target, onResponse);
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error("request timed out after 10 s")));
    req.end(c.request.body);
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

/**
 * The request over HTTP/2 cleartext with prior knowledge (Go's http2.Transport with AllowHTTP): Host becomes
 * :authority; the rest as over HTTP/1.1.
 */
function h2cRoundTrip(port: number, c: ConformanceCase, headers: Record<string, string>): Promise<RoundTrip> {
  const method = c.request.method || "GET";
  const urlPath = c.request.path.split("?")[0] ?? c.request.path;
  const { host, ...rest } = headers;
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    const fail = (e: Error) => (session.destroy(), reject(e));
    session.on("error", fail);
    const stream = session.request({ ":method": method, ":path": c.request.path, ":authority": host!, ...rest });
    stream.setTimeout(10_000, () => stream.close(http2.constants.NGHTTP2_CANCEL));
    const chunks: Buffer[] = [];
    let status = 0;
    const responseHeaders: Record<string, string[]> = {};
    let contentType: string | undefined;
    stream.on("response", (h) => {
      status = Number(h[":status"]);
      contentType = typeof h["content-type"] === "string" ? h["content-type"] : undefined;
      for (const [name, value] of Object.entries(h))
        if (!name.startsWith(":") && value !== undefined)
          responseHeaders[name] = Array.isArray(value) ? value : [String(value)];
    });
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("error", fail);
    stream.on("end", () => {
      session.close();
      let cReq: CapturedRequest = { path: "", host: "", method, headers: {}, namespace: "", pod: "" };
      if (contentType === "application/json") {
        try {
          cReq = JSON.parse(Buffer.concat(chunks).toString("utf8")) as CapturedRequest;
        } catch (e) {
          return reject(new Error(`unexpected error reading response: ${String(e)}`));
        }
      }
      resolve({
        sent: { scheme: "http", path: urlPath },
        cReq,
        cRes: { statusCode: status, headers: responseHeaders },
      });
    });
    stream.end(c.request.body);
  });
}
