import { describe, expect, it } from "vitest";
import { clientAddress } from "../../../proxy/headers/forwarded.ts";
import { connectionTokens } from "../../../proxy/headers/hop-by-hop.ts";
import { applyHeaderOps, hasHeader, toHeaderObject, type RawHeaders } from "../../../proxy/headers/ops.ts";
import { scanRequest, upstreamRequestHeaders, type UpstreamHeaderInfo } from "../../../proxy/headers/request.ts";
import { downstreamResponseHeaders } from "../../../proxy/headers/response.ts";

const info = { clientIp: "2.2.2.2", requestId: "r1", authority: undefined, upgrade: false };
/** As the pipeline calls it: Host from the request scan. */
const upstream = (raw: string[], extra: Partial<UpstreamHeaderInfo> = {}) =>
  upstreamRequestHeaders(raw, { host: scanRequest(raw).host, ...info, ...extra });
/** The fields this hop always appends, for a request whose Host was `host`. */
const forwarded = (host: string, xff = "2.2.2.2", requestId = "r1") => [
  "x-forwarded-for",
  xff,
  "x-forwarded-proto",
  "http",
  "x-forwarded-host",
  host,
  "x-request-id",
  requestId,
];
const buffers = (raw: string[]) => raw.map((s) => Buffer.from(s, "latin1"));

describe("upstreamRequestHeaders", () => {
  it("drops every hop-by-hop field and Expect, whatever their case, and keeps the rest in order", () => {
    const out = upstream([
      "Host",
      "a.test",
      "Connection",
      "keep-alive",
      "Keep-Alive",
      "timeout=5",
      "Proxy-Connection",
      "keep-alive",
      "Proxy-Authenticate",
      "Basic",
      "PROXY-AUTHORIZATION",
      "Basic eA==",
      "TE",
      "trailers",
      "Trailer",
      "x-sum",
      "Transfer-Encoding",
      "chunked",
      "Upgrade",
      "h2c",
      "Expect",
      "100-continue",
      "X-End",
      "2",
      "accept",
      "*/*",
    ]);
    expect(out).toEqual(["X-End", "2", "accept", "*/*", "host", "a.test", ...forwarded("a.test")]);
  });

  it("drops the fields a Connection header names, over repeated Connection headers and in any case", () => {
    const out = upstream([
      "Connection",
      "close",
      "connection",
      " X-Hop , x-other",
      "x-hop",
      "1",
      "X-OTHER",
      "2",
      "x-end",
      "3",
      "Host",
      "h",
    ]);
    expect(out).toEqual(["x-end", "3", "host", "h", ...forwarded("h")]);
  });

  it("appends the peer to x-forwarded-for (repeated ones joined) and replaces the client's -proto, -host, request id", () => {
    const out = upstream([
      "X-Forwarded-For",
      "1.1.1.1",
      "x-forwarded-for",
      "3.3.3.3, 4.4.4.4",
      "X-Forwarded-Proto",
      "https",
      "X-Forwarded-Host",
      "spoofed.test",
      "X-Request-Id",
      "from-client",
      "host",
      "a.test",
    ]);
    expect(out).toEqual(["host", "a.test", ...forwarded("a.test", "1.1.1.1, 3.3.3.3, 4.4.4.4, 2.2.2.2")]);
    expect(upstream([], { clientIp: undefined })).toEqual(forwarded("", "unknown"));
  });

  it("forwards the first Host, the one routed by, and no other; the rewrite authority replaces it but not x-forwarded-host", () => {
    const twice = ["Host", "a.test", "Host", "b.test"];
    expect(upstream(twice)).toEqual(["host", "a.test", ...forwarded("a.test")]);
    expect(upstream(twice, { authority: "internal.svc" })).toEqual(["host", "internal.svc", ...forwarded("a.test")]);
  });

  it("keeps Connection, Upgrade and Expect for an upgrade hand-off, and still drops the other hop-by-hop fields", () => {
    const out = upstream(
      [
        "Host",
        "ws.test",
        "Connection",
        "Upgrade, X-Hop",
        "Upgrade",
        "websocket",
        "X-Hop",
        "1",
        "Keep-Alive",
        "5",
        "Expect",
        "100-continue",
        "Sec-WebSocket-Key",
        "k",
      ],
      { upgrade: true },
    );
    expect(out).toEqual([
      "Connection",
      "Upgrade, X-Hop",
      "Upgrade",
      "websocket",
      "Expect",
      "100-continue",
      "Sec-WebSocket-Key",
      "k",
      "host",
      "ws.test",
      ...forwarded("ws.test"),
    ]);
  });
});

describe("this hop's own fields", () => {
  it("are added after the Connection-named fields are dropped, so a client cannot name them away", () => {
    const out = upstream([
      "Host",
      "a.test",
      "Connection",
      "close, X-Forwarded-For, x-request-id, X-Forwarded-Proto, host",
      "X-Forwarded-For",
      "9.9.9.9",
      "X-Forwarded-Proto",
      "https",
    ]);
    expect(out).toEqual(["host", "a.test", ...forwarded("a.test")]);
  });

  it("keep a trusted peer's x-forwarded-proto and -host, and still append to x-forwarded-for", () => {
    const raw = [
      "Host",
      "a.test",
      "X-Forwarded-Proto",
      "https",
      "X-Forwarded-Host",
      "public.test",
      "X-Forwarded-For",
      "1.1.1.1",
    ];
    expect(upstream(raw, { trustedPeer: true })).toEqual([
      "host",
      "a.test",
      "x-forwarded-for",
      "1.1.1.1, 2.2.2.2",
      "x-forwarded-proto",
      "https",
      "x-forwarded-host",
      "public.test",
      "x-request-id",
      "r1",
    ]);
    expect(upstream(raw)).toEqual(["host", "a.test", ...forwarded("a.test", "1.1.1.1, 2.2.2.2")]);
  });
});

describe("clientAddress (xff_num_trusted_hops)", () => {
  it("is the peer with no trusted hop, whatever X-Forwarded-For says", () => {
    expect(clientAddress("1.2.3.4", "10.0.0.1", 0)).toBe("10.0.0.1");
  });

  it("skips the trusted hops from the right of X-Forwarded-For + peer", () => {
    expect(clientAddress("1.1.1.1, 2.2.2.2, 3.3.3.3", "10.0.0.1", 1)).toBe("3.3.3.3");
    expect(clientAddress("1.1.1.1, 2.2.2.2, 3.3.3.3", "10.0.0.1", 2)).toBe("2.2.2.2");
    expect(clientAddress("1.1.1.1,2001:db8::1", "10.0.0.1", 1)).toBe("2001:db8::1");
  });

  it("falls back to the peer for a list too short, an empty one, or an entry that is no address", () => {
    expect(clientAddress("1.1.1.1", "10.0.0.1", 2)).toBe("10.0.0.1");
    expect(clientAddress("", "10.0.0.1", 1)).toBe("10.0.0.1");
    expect(clientAddress("1.1.1.1, evil", "10.0.0.1", 1)).toBe("10.0.0.1");
  });
});

describe("downstreamResponseHeaders", () => {
  it("drops hop-by-hop and Connection-named fields and keeps repeated ones (Set-Cookie) as they came", () => {
    const out = downstreamResponseHeaders(
      buffers([
        "Content-Type",
        "text/plain",
        "Connection",
        "keep-alive, X-Internal",
        "Keep-Alive",
        "timeout=4",
        "X-Internal",
        "secret",
        "Transfer-Encoding",
        "chunked",
        "Set-Cookie",
        "a=1",
        "set-cookie",
        "b=2",
      ]),
    );
    expect(out).toEqual(["Content-Type", "text/plain", "Set-Cookie", "a=1", "set-cookie", "b=2"]);
  });
});

describe("connectionTokens", () => {
  it("lower-cases and trims the listed names, leaves out close and keep-alive, and stays null without any", () => {
    expect(connectionTokens("close", null)).toBeNull();
    expect(connectionTokens("Keep-Alive, ,close", null)).toBeNull();
    const set = connectionTokens(" X-A,x-b ", null);
    expect(set).toEqual(new Set(["x-a", "x-b"]));
    expect(connectionTokens("X-C", set)).toEqual(new Set(["x-a", "x-b", "x-c"]));
  });
});

describe("applyHeaderOps", () => {
  it("applies set (every value replaced), then add (appended), then remove, with names in any case", () => {
    const raw: RawHeaders = ["X-A", "old", "x-a", "older", "x-b", "1", "X-Gone", "1"];
    applyHeaderOps(raw, { set: { "X-A": "new" }, add: { "x-b": "2", "X-C": "3" }, remove: ["x-gone"] });
    expect(raw).toEqual(["x-b", "1", "x-a", "new", "x-b", "2", "x-c", "3"]);
  });

  it("removes what add appended, because remove runs last", () => {
    const raw: RawHeaders = ["x-keep", "1"];
    applyHeaderOps(raw, { set: { "x-d": "s" }, add: { "x-d": "a" }, remove: ["X-D"] });
    expect(raw).toEqual(["x-keep", "1"]);
  });

  it("leaves the list alone without operations", () => {
    const raw: RawHeaders = ["X-A", "1"];
    applyHeaderOps(raw, undefined);
    expect(raw).toEqual(["X-A", "1"]);
  });
});

describe("header lookups", () => {
  it("hasHeader compares names case-insensitively", () => {
    expect(hasHeader(["X-Request-Id", "r"], "x-request-id")).toBe(true);
    expect(hasHeader(["x-request-ids", "r"], "x-request-id")).toBe(false);
  });

  it("toHeaderObject lower-cases names and turns repeated ones into arrays", () => {
    expect(toHeaderObject(["Set-Cookie", "a=1", "set-cookie", "b=2", "SET-COOKIE", "c=3", "X-One", "1"])).toEqual({
      "set-cookie": ["a=1", "b=2", "c=3"],
      "x-one": "1",
    });
  });

  it("scanRequest takes the first Host (and counts them), x-request-id and Content-Length, joins X-Forwarded-For and notices Transfer-Encoding", () => {
    expect(
      scanRequest([
        "HOST",
        "a.test",
        "host",
        "b.test",
        "X-Request-ID",
        "r1",
        "x-request-id",
        "r2",
        "Content-Length",
        "5",
        "content-length",
        "6",
        "Transfer-Encoding",
        "chunked",
      ]),
    ).toEqual({
      host: "a.test",
      hostCount: 2,
      forwardedFor: "",
      requestId: "r1",
      contentLength: "5",
      transferEncoding: true,
      grpc: false,
      grpcTimeout: "",
    });
    expect(scanRequest(["accept", "*/*", "X-Forwarded-For", "1.1.1.1", "x-forwarded-for", "2.2.2.2"])).toEqual({
      host: "",
      hostCount: 0,
      forwardedFor: "1.1.1.1, 2.2.2.2",
      requestId: "",
      contentLength: undefined,
      transferEncoding: false,
      grpc: false,
      grpcTimeout: "",
    });
    // content-type and grpc-timeout are as long as x-request-id: each is read for what it is.
    expect(
      scanRequest(["Content-Type", "application/grpc+proto", "grpc-timeout", "250m", "X-Request-Id", "r3"]),
    ).toMatchObject({ grpc: true, grpcTimeout: "250m", requestId: "r3" });
    expect(scanRequest(["content-type", "application/json", "grpc-timeout", "1S"])).toMatchObject({
      grpc: false,
      grpcTimeout: "1S",
    });
  });
});
