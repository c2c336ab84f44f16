/**
 * Issue 9, item 2: user management. Admins create and disable users and set roles; disabling or a lower role
 * ends the user's sessions and revokes or caps their API tokens at once; everyone changes their own password
 * with the current one; API tokens can expire; every action is in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually.ts";
import { asUser, login, send, startTestConsole, type TestConsole } from "./helpers.ts";

let c: TestConsole;
let carol: ReturnType<typeof asUser>;

const bearer = (token: string) => (method: string, p: string, body?: unknown) =>
  send(`${c.url}${p}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  c = await startTestConsole();
  carol = asUser(c, (await login(c, "carol", "carol-admin-pw")).cookie);
});
afterAll(() => c?.close());

async function newUser(username: string, role: string) {
  const created = await carol("POST", "/api/users", {
    username,
    displayName: username,
    role,
    password: `${username}-password-1`,
  });
  expect(created.status, created.text).toBe(201);
  const session = await login(c, username, `${username}-password-1`);
  expect(session.status, session.text).toBe(200);
  const token = await asUser(c, session.cookie)("POST", "/api/tokens", { name: `${username}-ci` });
  expect(token.status, token.text).toBe(201);
  return { id: created.json.id as string, cookie: session.cookie, token: token.json.secret as string };
}

describe("user management", () => {
  it("lets only admins list and create users", async () => {
    const alice = asUser(c, (await login(c, "alice", "alice-editor-pw")).cookie);
    expect((await alice("GET", "/api/users")).status).toBe(403);
    const refused = await alice("POST", "/api/users", {
      username: "mallory",
      role: "ADMIN",
      password: "mallory-password",
    });
    expect(refused.status).toBe(403);
    const list = await carol("GET", "/api/users");
    expect(list.status).toBe(200);
    expect(list.json.users.map((u: { username: string }) => u.username)).toEqual(["alice", "bob", "carol", "victor"]);
  });

  it("a lower role ends the user's sessions and caps their API tokens at once", async () => {
    const dave = await newUser("dave", "EDITOR");
    const lowered = await carol("PUT", `/api/users/${dave.id}`, { role: "VIEWER" });
    expect(lowered.status, lowered.text).toBe(200);
    expect((await asUser(c, dave.cookie)("GET", "/api/auth/me")).status).toBe(401);
    const me = await bearer(dave.token)("GET", "/api/auth/me");
    expect(me.json.user.role).toBe("VIEWER");
    expect((await bearer(dave.token)("POST", "/api/changes", { title: "x" })).status).toBe(403);
  });

  it("disabling a user ends their sessions, revokes their tokens and refuses their sign-in", async () => {
    const erin = await newUser("erin", "APPROVER");
    const disabled = await carol("PUT", `/api/users/${erin.id}`, { disabled: true });
    expect(disabled.status, disabled.text).toBe(200);
    expect(disabled.json.disabledAt).not.toBeNull();
    expect((await asUser(c, erin.cookie)("GET", "/api/auth/me")).status).toBe(401);
    expect((await bearer(erin.token)("GET", "/api/auth/me")).status).toBe(401);
    expect((await login(c, "erin", "erin-password-1")).status).toBe(401);
  });

  it("keeps the last active admin", async () => {
    const users = (await carol("GET", "/api/users")).json.users as { id: string; username: string }[];
    const carolId = users.find((u) => u.username === "carol")!.id;
    expect((await carol("PUT", `/api/users/${carolId}`, { role: "EDITOR" })).status).toBe(409);
    expect((await carol("PUT", `/api/users/${carolId}`, { disabled: true })).status).toBe(409);
  });

  it("audits every action", async () => {
    const entries = (await carol("GET", "/api/audit?limit=200")).json.entries as { action: string; details: object }[];
    const updates = entries.filter((e) => e.action === "user.updated").map((e) => e.details);
    expect(updates).toContainEqual(
      expect.objectContaining({ username: "dave", role: { from: "EDITOR", to: "VIEWER" } }),
    );
    expect(updates).toContainEqual(expect.objectContaining({ username: "erin", disabled: true }));
    expect(entries.filter((e) => e.action === "user.created").length).toBeGreaterThanOrEqual(2);
  });
});

describe("changing one's own password", () => {
  it("needs the current password, and ends the user's other sessions", async () => {
    await newUser("frank", "VIEWER");
    const here = await login(c, "frank", "frank-password-1");
    const elsewhere = await login(c, "frank", "frank-password-1");
    const frank = asUser(c, here.cookie);
    const wrong = await frank("POST", "/api/auth/password", {
      currentPassword: "guess",
      newPassword: "frank-new-password",
    });
    expect(wrong.status).toBe(403);
    const ok = await frank("POST", "/api/auth/password", {
      currentPassword: "frank-password-1",
      newPassword: "frank-new-password",
    });
    expect(ok.status, ok.text).toBe(200);
    expect((await frank("GET", "/api/auth/me")).status).toBe(200);
    expect((await asUser(c, elsewhere.cookie)("GET", "/api/auth/me")).status).toBe(401);
    expect((await login(c, "frank", "frank-password-1")).status).toBe(401);
    expect((await login(c, "frank", "frank-new-password")).status).toBe(200);
  });

  it("refuses a new password shorter than 12 characters", async () => {
    const victor = asUser(c, (await login(c, "victor", "victor-viewer-pw")).cookie);
    const res = await victor("POST", "/api/auth/password", {
      currentPassword: "victor-viewer-pw",
      newPassword: "short",
    });
    expect(res.status).toBe(400);
    expect(res.json.error.issues[0].path).toEqual(["newPassword"]);
  });
});

describe("API token expiry", () => {
  it("refuses an end in the past, and a token after its end", async () => {
    const bob = asUser(c, (await login(c, "bob", "bob-approver-pw")).cookie);
    const past = await bob("POST", "/api/tokens", {
      name: "old",
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect(past.status).toBe(400);
    const soon = await bob("POST", "/api/tokens", {
      name: "soon",
      expiresAt: new Date(Date.now() + 2500).toISOString(),
    });
    expect(soon.status, soon.text).toBe(201);
    expect(soon.json.token.expiresAt).not.toBeNull();
    expect((await bearer(soon.json.secret)("GET", "/api/auth/me")).status).toBe(200);
    await eventually(
      "the token to expire",
      async () => (await bearer(soon.json.secret)("GET", "/api/auth/me")).status === 401,
      10_000,
      250,
    );
  });
});
