/** The comparison rules ported from upstream's conformance/utils/http/http.go and roundtripper.go. */
import { describe, expect, it } from "vitest";
import { compareRoundTrip, expectedStatusCodes, type CapturedRequest } from "../../conformance/harness/compare.ts";
import { parseLocation } from "../../conformance/harness/round-trip.ts";
import type { ConformanceCase } from "../../conformance/harness/types.ts";

const ns = "gateway-conformance-infra";
const echo = (over: Partial<CapturedRequest> = {}): CapturedRequest => ({
  path: "/v2",
  host: "127.0.0.1",
  method: "GET",
  headers: { "X-Header-Set": ["set-overwrites-values"] },
  namespace: ns,
  pod: "infra-backend-v2-7d9f8c6b5-conf",
  ...over,
});
const ok = (headers: Record<string, string[]> = {}) => ({ statusCode: 200, headers });
const sent = { scheme: "http", path: "/v2" };
const toV2: ConformanceCase = { request: { path: "/v2" }, backend: "infra-backend-v2", namespace: ns };

describe("compareRoundTrip (http.go CompareRoundTrip)", () => {
  it("passes a request that reached the expected backend with the request as sent", () => {
    expect(compareRoundTrip(sent, echo(), ok(), toV2)).toBeNull();
  });

  it("expects 200 by default and merges the deprecated statusCode into statusCodes", () => {
    expect(expectedStatusCodes({ request: { path: "/" } })).toEqual([200]);
    expect(expectedStatusCodes({ request: { path: "/" }, response: { statusCode: 404, statusCodes: [500] } })).toEqual([
      500, 404,
    ]);
    expect(compareRoundTrip(sent, echo(), { statusCode: 503, headers: {} }, toV2)).toBe(
      "expected status code to be one of [200], got 503",
    );
  });

  it("accepts any timeout status when a timeout status is expected (408 for 504)", () => {
    const c: ConformanceCase = { request: { path: "/" }, response: { statusCode: 504 } };
    expect(compareRoundTrip(sent, echo(), { statusCode: 408, headers: {} }, c)).toBeNull();
  });

  it("checks the pod prefix, the namespace, the path and the method the backend saw", () => {
    expect(compareRoundTrip(sent, echo({ pod: "infra-backend-v1-x-y" }), ok(), toV2)).toMatch(/pod name to start with/);
    expect(compareRoundTrip(sent, echo({ namespace: "other" }), ok(), toV2)).toMatch(/expected namespace/);
    expect(compareRoundTrip(sent, echo({ path: "//v2" }), ok(), toV2)).toBe("expected path to be /v2, got //v2");
    expect(compareRoundTrip(sent, echo({ method: "POST" }), ok(), toV2)).toMatch(/expected method to be GET/);
  });

  it("compares an expected backend request: path defaults to empty, headers case-insensitively, absent headers", () => {
    const c: ConformanceCase = {
      ...toV2,
      expectedRequest: { request: { path: "/v2", headers: { "x-header-set": "set-overwrites-values" } } },
    };
    expect(compareRoundTrip(sent, echo(), ok(), c)).toBeNull();
    expect(compareRoundTrip(sent, echo(), ok(), { ...c, expectedRequest: { request: {} } })).toMatch(
      /expected path to be , got \/v2/,
    );
    expect(
      compareRoundTrip(sent, echo(), ok(), {
        ...c,
        expectedRequest: { ...c.expectedRequest, absentHeaders: ["X-Header-Set"] },
      }),
    ).toMatch(/X-Header-Set header to not be set/);
  });

  it("compares response headers, valid alternatives and whitespace-insensitive values", () => {
    const c: ConformanceCase = {
      ...toV2,
      response: {
        validHeaderValues: { "access-control-allow-methods": ["GET, OPTIONS", "OPTIONS, GET"] },
        ignoreWhitespace: true,
        absentHeaders: ["access-control-allow-credentials"],
      },
    };
    expect(compareRoundTrip(sent, echo(), ok({ "Access-Control-Allow-Methods": ["OPTIONS,GET"] }), c)).toBeNull();
    expect(compareRoundTrip(sent, echo(), ok({ "access-control-allow-methods": ["PUT"] }), c)).toMatch(/one of/);
    expect(
      compareRoundTrip(
        sent,
        echo(),
        ok({ "access-control-allow-methods": ["GET"], "access-control-allow-credentials": ["true"] }),
        { ...c, response: { absentHeaders: ["access-control-allow-credentials"] } },
      ),
    ).toMatch(/to not be set/);
  });

  it("checks redirects with upstream's defaults: host from the response, scheme and path from the request", () => {
    const c: ConformanceCase = {
      request: { path: "/port", unfollowRedirect: true },
      response: { statusCode: 302 },
      redirectRequest: { port: "8083" },
    };
    const res = (location: string) => ({
      statusCode: 302,
      headers: {},
      redirectRequest: parseLocation(location, "/port"),
    });
    const at = { scheme: "http", path: "/port" };
    expect(compareRoundTrip(at, echo(), res("http://127.0.0.1:8083/port"), c)).toBeNull();
    expect(compareRoundTrip(at, echo(), res("/port"), c)).toBe('expected redirected port to be "8083", got ""');
    const noPort: ConformanceCase = { ...c, redirectRequest: { path: "/x" } };
    expect(compareRoundTrip(at, echo(), res("http://127.0.0.1:80/x"), noPort)).toBeNull();
    expect(compareRoundTrip(at, echo(), res("http://127.0.0.1:8080/x"), noPort)).toMatch(/80 or not set, got "8080"/);
    expect(compareRoundTrip(at, echo(), res("https://example.org:443/x"), noPort)).toMatch(
      /expected redirected scheme/,
    );
    // A redirect that matched the status code is fine when the case names no redirect.
    expect(compareRoundTrip(at, echo(), res("/x"), { ...c, redirectRequest: undefined })).toBeNull();
  });
});

describe("parseLocation (Go resp.Location())", () => {
  it("keeps an explicit port, resolves a relative location against the gateway address, decodes the path", () => {
    expect(parseLocation("https://example.org:443/a%20b", "/")).toEqual({
      scheme: "https",
      host: "example.org",
      port: "443",
      path: "/a b",
    });
    expect(parseLocation("../x", "/a/b/c")).toEqual({ scheme: "http", host: "127.0.0.1", port: "", path: "/a/x" });
    expect(parseLocation("http://[::1]:8080/", "/")).toEqual({ scheme: "http", host: "::1", port: "8080", path: "/" });
  });
});
