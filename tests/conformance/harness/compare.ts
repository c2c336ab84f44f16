import type { ConformanceCase, ConformanceRequest } from "./types.ts";

/**
 * The comparison rules of upstream's conformance/utils/http/http.go (CompareRoundTrip, setRedirectRequestDefaults,
 * MakeRequest's defaults) and roundtripper.go (IsRedirect, IsTimeoutError), ported to TypeScript. Pure: the
 * captured round trip comes in, an error message (or null when it matches) comes out.
 */

/** What the echo backend reported (null when the response was not echo JSON). */
export interface CapturedRequest {
  path: string;
  host: string;
  method: string;
  headers: Record<string, string[]>;
  namespace: string;
  pod: string;
  httpPort?: string;
}

export interface CapturedRedirect {
  scheme: string;
  host: string;
  port: string;
  path: string;
}

export interface CapturedResponse {
  statusCode: number;
  /** Header name (any case) → values. */
  headers: Record<string, string[]>;
  redirectRequest?: CapturedRedirect;
}

const REDIRECTS = new Set([300, 301, 302, 303, 304, 305, 307, 308]);
export const isRedirect = (status: number): boolean => REDIRECTS.has(status);
export const isTimeoutError = (status: number): boolean => status === 408 || status === 504;

/** MakeRequest: the deprecated statusCode joins statusCodes; no expectation means 200. */
export function expectedStatusCodes(c: ConformanceCase): number[] {
  const codes = [...(c.response?.statusCodes ?? [])];
  const single = c.response?.statusCode;
  if (single !== undefined && single !== 0 && !codes.includes(single)) codes.push(single);
  return codes.length > 0 ? codes : [200];
}

const lower = (h: Record<string, string[]>): Record<string, string[]> =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

const stripSpaces = (s: string) => s.replaceAll(" ", "");

/**
 * CompareRoundTrip. `sent` is the request as made (the URL path of the gateway request, for redirect defaults).
 * Returns null when the round trip matches the expectation, else the reason (upstream's wording).
 */
export function compareRoundTrip(
  sent: { scheme: string; path: string },
  cReq: CapturedRequest,
  cRes: CapturedResponse,
  expected: ConformanceCase,
): string | null {
  const statusCodes = expectedStatusCodes(expected);
  if (isTimeoutError(cRes.statusCode) && statusCodes.some(isTimeoutError)) return null;
  if (!statusCodes.includes(cRes.statusCode)) {
    return `expected status code to be one of ${JSON.stringify(statusCodes)}, got ${cRes.statusCode}`;
  }
  if (cRes.statusCode === 200 || cRes.statusCode === 204) return compareBackendRequest(cReq, cRes, expected);
  if (isRedirect(cRes.statusCode)) return compareRedirect(sent, cRes, expected);
  return null;
}

function compareBackendRequest(
  cReq: CapturedRequest,
  cRes: CapturedResponse,
  expected: ConformanceCase,
): string | null {
  // The request expected at the backend is the request made, unless the case says otherwise.
  const req: Partial<ConformanceRequest> = expected.expectedRequest
    ? { path: "", ...expected.expectedRequest.request }
    : expected.request;
  const method = req.method || "GET";
  if (req.host && req.host !== cReq.host) return `expected host to be ${req.host}, got ${cReq.host}`;
  if (req.path !== cReq.path) return `expected path to be ${req.path}, got ${cReq.path}`;
  if (method !== cReq.method) return `expected method to be ${method}, got ${cReq.method}`;
  const namespace = expected.namespace ?? "";
  if (namespace !== cReq.namespace) return `expected namespace to be ${namespace}, got ${cReq.namespace}`;
  const reqHeaders = lower(cReq.headers);
  if (req.headers) {
    for (const [name, want] of Object.entries(req.headers)) {
      const got = reqHeaders[name.toLowerCase()];
      if (!got) return `expected ${name} header to be set, actual headers: ${JSON.stringify(cReq.headers)}`;
      if (got.join(",") !== want) return `expected ${name} header to be set to ${want}, got ${got.join(",")}`;
    }
  }
  const resHeaders = lower(cRes.headers);
  const ignoreWs = expected.response?.ignoreWhitespace === true;
  for (const [name, wantValues] of Object.entries(expected.response?.validHeaderValues ?? {})) {
    const got = resHeaders[name.toLowerCase()];
    if (!got) return `expected ${name} header to be set, actual headers: ${JSON.stringify(cRes.headers)}`;
    const value = ignoreWs ? stripSpaces(got.join(",")) : got.join(",");
    const allowed = ignoreWs ? wantValues.map(stripSpaces) : wantValues;
    if (!allowed.includes(value))
      return `expected ${name} header to be set to one of ${JSON.stringify(wantValues)}, got ${value}`;
  }
  for (const [name, want] of Object.entries(expected.response?.headers ?? {})) {
    const got = resHeaders[name.toLowerCase()];
    if (!got) return `expected ${name} header to be set, actual headers: ${JSON.stringify(cRes.headers)}`;
    const value = ignoreWs ? stripSpaces(got.join(",")) : got.join(",");
    const wanted = ignoreWs ? stripSpaces(want) : want;
    if (value !== wanted) return `expected ${name} header to be set to ${wanted}, got ${value}`;
  }
  for (const name of expected.response?.absentHeaders ?? []) {
    const got = resHeaders[name.toLowerCase()];
    if (got) return `expected ${name} header to not be set, got ${got.join(",")}`;
  }
  for (const name of expected.expectedRequest?.absentHeaders ?? []) {
    const got = reqHeaders[name.toLowerCase()];
    if (got) return `expected ${name} header to not be set, got ${got.join(",")}`;
  }
  const backend = expected.backend ?? "";
  if (!cReq.pod.startsWith(backend)) return `expected pod name to start with ${backend}, got ${cReq.pod}`;
  return null;
}

function compareRedirect(
  sent: { scheme: string; path: string },
  cRes: CapturedResponse,
  expected: ConformanceCase,
): string | null {
  if (!expected.redirectRequest) return null;
  const got = cRes.redirectRequest;
  if (!got) return "redirect without a Location header";
  // setRedirectRequestDefaults: what the case leaves out is taken from the response or the request made.
  const want = {
    host: expected.redirectRequest.host || got.host,
    scheme: expected.redirectRequest.scheme || sent.scheme,
    path: expected.redirectRequest.path || sent.path,
    port: expected.redirectRequest.port ?? "",
  };
  if (want.host !== got.host) return `expected redirected hostname to be "${want.host}", got "${got.host}"`;
  if (want.port === "") {
    // Well-known schemes may leave the port out.
    const scheme = got.scheme.toLowerCase();
    if (scheme === "http" && got.port !== "80" && got.port !== "") {
      return `for http scheme, expected redirected port to be 80 or not set, got "${got.port}"`;
    }
    if (scheme === "https" && got.port !== "443" && got.port !== "") {
      return `for https scheme, expected redirected port to be 443 or not set, got "${got.port}"`;
    }
  } else if (want.port !== got.port) {
    return `expected redirected port to be "${want.port}", got "${got.port}"`;
  }
  if (want.scheme !== got.scheme) return `expected redirected scheme to be "${want.scheme}", got "${got.scheme}"`;
  if (want.path !== got.path) return `expected redirected path to be "${want.path}", got "${got.path}"`;
  return null;
}
