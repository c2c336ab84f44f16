/**
 * Secret discovery behind a load balancer: two built consoles on one PostgreSQL. A change made through one console
 * (here a CA root rotation) must wake the secrets long-polls held by the other at once, through NOTIFY, not at the
 * end of their wait. Needs a PostgreSQL server (TEST_DATABASE_URL): PGlite is one process's database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession } from "../helpers/api-session.ts";
import { freePort, testPort } from "../helpers/ports.ts";
import { PROXY_TOKEN, startConsole, TEST_SECRET_KEY, type RunningProcess } from "../helpers/processes.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";

const server = process.env.TEST_DATABASE_URL !== undefined;
let db: { url: string; drop(): Promise<void> } | null = null;
const consoles: (RunningProcess & { url: string })[] = [];

beforeAll(async () => {
  if (!server) return;
  db = await createTestDatabaseUrl();
  // One sealing key for both: each must unseal what the other sealed.
  const env = { SIGNALBOX_DEMO_BASE_PORT: String(testPort(19700)), SIGNALBOX_SECRET_KEY: TEST_SECRET_KEY };
  for (let i = 0; i < 2; i++) consoles.push(await startConsole({ port: await freePort(), databaseUrl: db!.url, env }));
}, 180_000);

afterAll(async () => {
  for (const c of consoles) await c.stop();
  await db?.drop();
});

const secretsPoll = (url: string, query: string) =>
  fetch(`${url}/api/xds/secrets?node=edge-1&gateway=edge&${query}`, {
    headers: { authorization: `Bearer ${PROXY_TOKEN}` },
  });

interface Secrets {
  hash: string;
  secrets: { name: string; caBundlePem?: string }[];
}

describe.skipIf(!server)("secret discovery across console instances", () => {
  it("wakes a poll held by one console when the CA rotates through the other", async () => {
    const [a, b] = consoles as [RunningProcess & { url: string }, RunningProcess & { url: string }];
    const before = (await (await secretsPoll(b.url, "")).json()) as Secrets;
    const roots = (s: Secrets) => s.secrets.find((x) => x.name === "ROOTCA")!.caBundlePem!.match(/BEGIN CERTIFICATE/g);
    expect(roots(before)).toHaveLength(1);
    // Held on console B; without the cross-instance wake it would answer 304 when the hold ends, since nothing else
    // (no publish, no local secret change) wakes it.
    const held = secretsPoll(b.url, `hash=${before.hash}&waitMs=20000`);
    const carol = await ApiSession.login(a.url, "carol", "carol-admin-pw");
    expect((await carol.call("POST", "/api/security/ca/rotate")).status).toBe(200);
    const res = await held;
    expect(res.status).toBe(200);
    const after = (await res.json()) as Secrets;
    expect(after.hash).not.toBe(before.hash);
    expect(roots(after)).toHaveLength(2);
  });
});
