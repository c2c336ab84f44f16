import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { framingError } from "../../../proxy/pipeline/framing.ts";
import { addForwarded, applyHeaderOps, stripHopByHop } from "../../../proxy/pipeline/headers.ts";
import { isRetriable } from "../../../proxy/pipeline/retry-policy.ts";
import type { AttemptResult } from "../../../proxy/pipeline/attempt.ts";

const fakeReq = (raw: string[]) => {
  const headers: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) headers[raw[i]!.toLowerCase()] = raw[i + 1]!;
  return { rawHeaders: raw, headers } as unknown as IncomingMessage;
};

describe("framingError", () => {
  it("accepts one content-length, or repeated equal ones", () => {
    expect(framingError(fakeReq(["Content-Length", "5"]))).toBeNull();
    expect(framingError(fakeReq(["Content-Length", "5", "content-length", "5"]))).toBeNull();
    expect(framingError(fakeReq(["Transfer-Encoding", "chunked"]))).toBeNull();
  });

  it("refuses conflicting or invalid content-length and CL together with TE", () => {
    expect(framingError(fakeReq(["Content-Length", "5", "Content-Length", "6"]))).toBe("conflicting content-length");
    expect(framingError(fakeReq(["Content-Length", "5, 6"]))).toBe("conflicting content-length");
    expect(framingError(fakeReq(["Content-Length", "-1"]))).toBe("invalid content-length");
    expect(framingError(fakeReq(["Content-Length", "5", "Transfer-Encoding", "chunked"]))).toBe(
      "both content-length and transfer-encoding",
    );
  });
});

describe("header handling", () => {
  it("drops hop-by-hop headers and those listed in Connection", () => {
    const out = stripHopByHop({
      connection: "keep-alive, x-hop",
      "x-hop": "1",
      "keep-alive": "5",
      upgrade: "websocket",
      "x-end": "2",
      "transfer-encoding": "chunked",
    });
    expect(out).toEqual({ "x-end": "2" });
    expect(stripHopByHop({ connection: "upgrade", upgrade: "websocket" }, true)).toEqual({
      connection: "upgrade",
      upgrade: "websocket",
    });
  });

  it("appends to x-forwarded-for and sets -proto, -host and x-request-id", () => {
    const out = {};
    addForwarded(out, { "x-forwarded-for": "1.1.1.1" }, { clientIp: "2.2.2.2", host: "a.test", requestId: "r1" });
    expect(out).toEqual({
      "x-forwarded-for": "1.1.1.1, 2.2.2.2",
      "x-forwarded-proto": "http",
      "x-forwarded-host": "a.test",
      "x-request-id": "r1",
    });
  });

  it("applies set, then add, then remove", () => {
    const out: Record<string, string | string[] | number | undefined> = { "x-a": "old", "x-b": "1", "x-gone": "1" };
    applyHeaderOps(out, { set: { "X-A": "new" }, add: { "x-b": "2", "x-c": "3" }, remove: ["X-Gone"] });
    expect(out).toEqual({ "x-a": "new", "x-b": ["1", "2"], "x-c": "3" });
  });
});

describe("isRetriable", () => {
  const failure = (reason: "connect-failure" | "reset" | "timeout") =>
    ({ kind: "failure", reason, error: new Error(reason), reusedSocket: false }) as AttemptResult;
  const response = (statusCode: number) => ({ kind: "response", res: { statusCode } }) as unknown as AttemptResult;
  it("follows Envoy's retry_on conditions", () => {
    expect(isRetriable(response(503), ["5xx"])).toBe(true);
    expect(isRetriable(response(500), ["gateway-error"])).toBe(false);
    expect(isRetriable(response(502), ["gateway-error"])).toBe(true);
    expect(isRetriable(response(409), ["retriable-4xx"])).toBe(true);
    expect(isRetriable(response(404), ["5xx", "retriable-4xx"])).toBe(false);
    expect(isRetriable(failure("connect-failure"), ["connect-failure"])).toBe(true);
    expect(isRetriable(failure("reset"), ["connect-failure"])).toBe(false);
    expect(isRetriable(failure("timeout"), ["5xx"])).toBe(true);
    expect(isRetriable(response(503), undefined)).toBe(false);
  });
});
