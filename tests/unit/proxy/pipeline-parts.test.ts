import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { framingError } from "../../../proxy/pipeline/framing.ts";
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
