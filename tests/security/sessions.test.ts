/**
 * Issue 9, item 4: sessions. HttpOnly and SameSite always; Secure and the __Host- prefix over HTTPS (here: a
 * trusted proxy that says so in X-Forwarded-Proto); an idle timeout besides the absolute one; expired sessions
 * purged; "sign out everywhere".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, login, send, sql, startTestConsole, type TestConsole } from "./helpers.ts";

let c: TestConsole;
beforeAll(async () => {
  c = await startTestConsole({ SIGNALBOX_TRUST_PROXY: "1" });
});
afterAll(() => c?.close());

/** What a TLS-terminating proxy in front of the console forwards; the browser's Origin is then https too. */
const https = () => ({
  "x-forwarded-proto": "https",
  "x-forwarded-for": "203.0.113.7",
  origin: c.origin.replace("http:", "https:"),
});

describe("the session cookie", () => {
  it("is HttpOnly and SameSite=Lax over plain HTTP, without Secure", async () => {
    const res = await login(c, "alice", "alice-editor-pw");
    const cookie = res.headers["set-cookie"]!;
    expect(cookie).toMatch(/^sb_session=sbs_[\w-]+;/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it("is __Host-, Secure, Path=/ and without Domain over HTTPS behind a trusted proxy", async () => {
    const res = await login(c, "alice", "alice-editor-pw", https());
    const cookie = res.headers["set-cookie"]!;
    expect(cookie).toMatch(/^__Host-sb_session=sbs_[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Secure/);
    expect(cookie).not.toMatch(/Domain=/i);
    const value = cookie.split(";")[0]!;
    const me = await send(`${c.url}/api/auth/me`, { headers: { cookie: value, ...https() } });
    expect(me.status).toBe(200);
    // Over HTTPS a cookie without the prefix (e.g. planted over plain HTTP) does not count.
    const plain = value.replace("__Host-sb_session", "sb_session");
    expect((await send(`${c.url}/api/auth/me`, { headers: { cookie: plain, ...https() } })).status).toBe(401);
  });
});

describe("sign out everywhere", () => {
  it("ends every session of the user, through the API", async () => {
    const one = await login(c, "bob", "bob-approver-pw");
    const two = await login(c, "bob", "bob-approver-pw");
    const victor = await login(c, "victor", "victor-viewer-pw");
    const res = await asUser(c, one.cookie)("POST", "/api/auth/logout-all");
    expect(res.status, res.text).toBe(200);
    expect((await asUser(c, one.cookie)("GET", "/api/auth/me")).status).toBe(401);
    expect((await asUser(c, two.cookie)("GET", "/api/auth/me")).status).toBe(401);
    expect((await asUser(c, victor.cookie)("GET", "/api/auth/me")).status).toBe(200);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("session expiry", () => {
  const sessions = async (userName: string) =>
    sql<{ n: number }>(
      c.databaseUrl!,
      "SELECT count(*)::int AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = $1",
      [userName],
    );

  it("ends a session idle for longer than the idle timeout (30 min), and deletes it", async () => {
    const s = await login(c, "carol", "carol-admin-pw");
    expect((await asUser(c, s.cookie)("GET", "/api/auth/me")).status).toBe(200);
    await sql(
      c.databaseUrl!,
      "UPDATE sessions SET last_seen_at = last_seen_at - interval '31 minutes' WHERE user_id = (SELECT id FROM users WHERE username = 'carol')",
    );
    expect((await asUser(c, s.cookie)("GET", "/api/auth/me")).status).toBe(401);
    expect((await sessions("carol"))[0]!.n).toBe(0);
  });

  it("purges expired sessions nobody uses any more", async () => {
    await login(c, "alice", "alice-editor-pw");
    await sql(
      c.databaseUrl!,
      "UPDATE sessions SET expires_at = (now() at time zone 'utc') - interval '1 minute' WHERE user_id = (SELECT id FROM users WHERE username = 'alice')",
    );
    expect((await sessions("alice"))[0]!.n).toBeGreaterThan(0);
    await login(c, "victor", "victor-viewer-pw");
    expect((await sessions("alice"))[0]!.n).toBe(0);
  });
});
