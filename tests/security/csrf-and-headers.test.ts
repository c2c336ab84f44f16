/**
 * Issue 9, item 5: CSRF and framing. A state change signed in by cookie must be JSON and come from the
 * console's own origin (Origin, or Sec-Fetch-Site: same-origin), else 403; bearer tokens are exempt. Pages and
 * API answers carry a CSP with frame-ancestors 'none', nosniff and a Referrer-Policy. A malformed cookie is
 * ignored, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, login, send, startTestConsole, type TestConsole } from "./helpers.ts";

let c: TestConsole;
let cookie: string;
const tokenCount = async () => (await asUser(c, cookie)("GET", "/api/tokens")).json.tokens.length as number;

beforeAll(async () => {
  c = await startTestConsole();
  cookie = (await login(c, "alice", "alice-editor-pw")).cookie;
});
afterAll(() => c?.close());

const post = (headers: Record<string, string>, body = JSON.stringify({ name: "csrf" })) =>
  send(`${c.url}/api/tokens`, { method: "POST", headers: { cookie, ...headers }, body });

describe("cross-site requests with the session cookie", () => {
  it.each([
    ["a text/plain form post (no preflight)", { "content-type": "text/plain", origin: "http://evil.example" }],
    ["text/plain even from the console's origin", { "content-type": "text/plain" }],
    ["JSON from another origin", { "content-type": "application/json", origin: "http://evil.example" }],
    ["JSON with Origin null", { "content-type": "application/json", origin: "null" }],
    ["JSON with neither Origin nor Sec-Fetch-Site", { "content-type": "application/json" }],
    [
      "JSON marked cross-site by Sec-Fetch-Site",
      { "content-type": "application/json", "sec-fetch-site": "cross-site" },
    ],
  ])("refuses %s with 403 and creates nothing", async (_what, headers) => {
    const before = await tokenCount();
    const res = await post(headers);
    expect(res.status, res.text).toBe(403);
    expect(res.json.error.code).toBe("CROSS_SITE");
    expect(res.json.error.message).toMatch(/Content-Type: application\/json|Origin|Sec-Fetch-Site/);
    expect(await tokenCount()).toBe(before);
  });

  it("accepts JSON from the console's own origin, by Origin or by Sec-Fetch-Site", async () => {
    expect((await post({ "content-type": "application/json", origin: c.origin })).status).toBe(201);
    expect((await post({ "content-type": "application/json", "sec-fetch-site": "same-origin" })).status).toBe(201);
  });

  it("refuses a cross-site sign-in (login CSRF) and a cross-site sign-out", async () => {
    const res = await login(c, "bob", "bob-approver-pw", { origin: "http://evil.example" });
    expect(res.status).toBe(403);
    const out = await send(`${c.url}/api/auth/logout`, {
      method: "POST",
      headers: { cookie, "content-type": "text/plain" },
    });
    expect(out.status).toBe(403);
    expect((await asUser(c, cookie)("GET", "/api/auth/me")).status).toBe(200);
  });

  it("exempts bearer-token requests (no ambient credential)", async () => {
    const created = await post({ "content-type": "application/json", origin: c.origin });
    const res = await send(`${c.url}/api/tokens`, {
      method: "POST",
      headers: { authorization: `Bearer ${created.json.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "from-a-script" }),
    });
    expect(res.status, res.text).toBe(201);
  });
});

describe("security headers", () => {
  it.each(["/login", "/topology", "/api/health", "/api/openapi.json"])(
    "%s: CSP, frame-ancestors, nosniff, referrer",
    async (p) => {
      const res = await send(`${c.url}${p}`);
      const csp = res.headers["content-security-policy"] ?? "";
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["x-frame-options"]).toBe("DENY");
      expect(res.headers["referrer-policy"]).toBe("same-origin");
    },
  );

  it("keeps API answers out of caches", async () => {
    expect((await asUser(c, cookie)("GET", "/api/auth/me")).headers["cache-control"]).toBe("no-store");
  });
});

describe("a malformed cookie", () => {
  it.each(["sb_session=%E0%A4%A", "sb_session=%", 'sb_session="unterminated', "sb_session=sbs_" + "x".repeat(5000)])(
    "%s is ignored: 401 where a session is needed, 200 where not, never 500",
    async (bad) => {
      const me = await send(`${c.url}/api/auth/me`, { headers: { cookie: bad } });
      expect(me.status, me.text).toBe(401);
      expect((await send(`${c.url}/api/health`, { headers: { cookie: bad } })).status).toBe(200);
      expect((await send(`${c.url}/api/openapi.json`, { headers: { cookie: bad } })).status).toBe(200);
    },
  );
});
