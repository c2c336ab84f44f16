/**
 * Issue 9, item 3: sign-in. Throttled per user name and per client address (429 with Retry-After, a growing
 * delay), the same scrypt work for unknown and known user names, failures in the audit log, and OWASP's scrypt
 * parameters with a rehash of weaker stored hashes at the next successful sign-in. The console trusts one proxy
 * hop here, so each test comes from its own client address (X-Forwarded-For).
 */
import { randomBytes, scryptSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, login, sql, startTestConsole, type TestConsole } from "./helpers.ts";

let c: TestConsole;
let address = 0;
/** A client address no other test used. */
const fresh = () => ({ "x-forwarded-for": `198.51.100.${++address}` });

beforeAll(async () => {
  c = await startTestConsole({ SIGNALBOX_TRUST_PROXY: "1" });
});
afterAll(() => c?.close());

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe("sign-in throttling", () => {
  it("blocks a user name after 5 failures with 429 and Retry-After, then for longer", async () => {
    for (let i = 0; i < 5; i++) expect((await login(c, "bob", "wrong-password", fresh())).status).toBe(401);
    const blocked = await login(c, "bob", "bob-approver-pw", fresh());
    expect(blocked.status, blocked.text).toBe(429);
    const first = Number(blocked.headers["retry-after"]);
    expect(first).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, first * 1000 + 100));
    expect((await login(c, "bob", "wrong-password", fresh())).status).toBe(401);
    const again = await login(c, "bob", "bob-approver-pw", fresh());
    expect(again.status).toBe(429);
    expect(Number(again.headers["retry-after"])).toBeGreaterThan(first);
  });

  it("blocks a client address after 20 failures, whatever the user name", async () => {
    const from = fresh();
    for (let i = 0; i < 20; i++) expect((await login(c, `nobody-${i}`, "wrong-password", from)).status).toBe(401);
    const blocked = await login(c, "victor", "victor-viewer-pw", from);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // Another address is not affected.
    expect((await login(c, "victor", "victor-viewer-pw", fresh())).status).toBe(200);
  });
});

describe("no timing oracle", () => {
  it("takes as long for an unknown user name as for a known one with a wrong password", async () => {
    const time = async (username: string) => {
      const started = performance.now();
      expect((await login(c, username, "wrong-password", fresh())).status).toBe(401);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (const name of ["alice", "carol", "victor", "alice"]) {
      known.push(await time(name));
      unknown.push(await time(`ghost-${randomBytes(4).toString("hex")}`));
    }
    const ratio = median(unknown) / median(known);
    expect(ratio, `unknown ${median(unknown)} ms, known ${median(known)} ms`).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});

describe("audit", () => {
  it("records failed sign-ins with the client address", async () => {
    const from = fresh();
    await login(c, "alice", "not-her-password", from);
    const carol = asUser(c, (await login(c, "carol", "carol-admin-pw", fresh())).cookie);
    const entries = (await carol("GET", "/api/audit?limit=200")).json.entries as {
      action: string;
      entityId: string;
      details: { address?: string; reason?: string };
    }[];
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: "login.failed",
        entityId: "alice",
        details: { reason: "wrong password", address: from["x-forwarded-for"] },
      }),
    );
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("password hashes", () => {
  it("are scrypt with N=2^17, r=8, p=1 (OWASP) for new passwords", async () => {
    const carol = asUser(c, (await login(c, "carol", "carol-admin-pw", fresh())).cookie);
    await carol("POST", "/api/users", { username: "hashcheck", role: "VIEWER", password: "hashcheck-password" });
    const [row] = await sql<{ password_hash: string }>(
      c.databaseUrl!,
      "SELECT password_hash FROM users WHERE username = 'hashcheck'",
    );
    expect(row!.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
  });

  it("are rehashed at the next successful sign-in when stored with weaker parameters", async () => {
    const salt = randomBytes(16);
    const key = scryptSync("victor-viewer-pw", salt, 32, { N: 1 << 14, r: 8, p: 1 });
    const weak = ["scrypt", 1 << 14, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
    await sql(c.databaseUrl!, "UPDATE users SET password_hash = $1 WHERE username = 'victor'", [weak]);
    expect((await login(c, "victor", "victor-viewer-pw", fresh())).status).toBe(200);
    const [row] = await sql<{ password_hash: string }>(
      c.databaseUrl!,
      "SELECT password_hash FROM users WHERE username = 'victor'",
    );
    expect(row!.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await login(c, "victor", "victor-viewer-pw", fresh())).status).toBe(200);
  });
});
