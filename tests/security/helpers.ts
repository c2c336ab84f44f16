/**
 * The black-box security suite's stack: the built console (`next start`) on a fresh database — a new
 * PostgreSQL database when TEST_DATABASE_URL is set, else an embedded PGlite in a temp dir — with raw HTTP
 * helpers for what fetch cannot do (a body that is never finished, a forged header).
 */
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "../helpers/ports.ts";
import { startConsole, type RunningProcess } from "../helpers/processes.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";

export interface TestConsole extends RunningProcess {
  url: string;
  origin: string;
  /** The PostgreSQL URL, or null for the embedded database (then the test cannot open it while the console runs). */
  databaseUrl: string | null;
  dataDir: string | null;
  close(): Promise<void>;
}

/** A console on a fresh database; `embedded` forces PGlite even when a server is configured. */
export async function startTestConsole(
  env: Record<string, string> = {},
  opts: { embedded?: boolean } = {},
): Promise<TestConsole> {
  const db = opts.embedded ? null : await createTestDatabaseUrl();
  const dataDir = db ? null : mkdtempSync(path.join(os.tmpdir(), "sb-sec-"));
  const proc = await startConsole({
    port: await freePort(),
    databaseUrl: db?.url,
    dataDir: dataDir ? path.join(dataDir, "pglite") : undefined,
    env,
  });
  return {
    ...proc,
    origin: new URL(proc.url).origin,
    databaseUrl: db?.url ?? null,
    dataDir,
    async close() {
      await proc.stop();
      await db?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One SQL statement on the console's server database. */
export async function sql<T = Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read error bodies by path
  json: any;
}

const parse = (text: string) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
};

/** fetch, answered as status, headers, text and parsed JSON. */
export async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, { redirect: "manual", ...init });
  const text = await res.text();
  return { status: res.status, headers: Object.fromEntries(res.headers), text, json: parse(text) };
}

/** Signs in by the API like the console's login page does; the session cookie ("name=value"). */
export async function login(c: TestConsole, username: string, password: string, extra: Record<string, string> = {}) {
  const res = await send(`${c.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: c.origin, ...extra },
    body: JSON.stringify({ username, password }),
  });
  const cookie = String(res.headers["set-cookie"] ?? "").split(";")[0]!;
  return { ...res, cookie };
}

/** A cookie-authenticated JSON call from the console's own origin (what its pages send). */
export function asUser(c: TestConsole, cookie: string) {
  return (method: string, p: string, body?: unknown) =>
    send(`${c.url}${p}`, {
      method,
      headers: {
        cookie,
        ...(method === "GET" ? {} : { "content-type": "application/json", origin: c.origin }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

/**
 * Sends the head and the first `sent` bytes of a body announced as `declared` bytes (or chunked), then waits
 * for an answer without sending the rest: a server that reads the whole body first never answers.
 */
export function partialUpload(
  url: string,
  opts: { headers: Record<string, string>; declared?: number; sent: number; waitMs: number },
): Promise<{ status: number | null; elapsedMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const headers = { ...opts.headers, ...(opts.declared ? { "content-length": String(opts.declared) } : {}) };
    const req = http.request(url, { method: "POST", headers, agent: false }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? null, elapsedMs: Date.now() - started });
      req.destroy();
    });
    req.on("error", (e: NodeJS.ErrnoException) => {
      // The server may close the connection after answering 413; the answer came first.
      if (e.code !== "ECONNRESET" && e.code !== "EPIPE") reject(e);
    });
    const timer = setTimeout(() => {
      resolve({ status: null, elapsedMs: Date.now() - started });
      req.destroy();
    }, opts.waitMs);
    req.on("close", () => clearTimeout(timer));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    for (let n = 0; n < opts.sent; n += chunk.length)
      req.write(chunk.subarray(0, Math.min(chunk.length, opts.sent - n)));
  });
}
