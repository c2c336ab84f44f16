/**
 * Every REST operation, fed bad input through the real console: malformed JSON, a body of the wrong type, bad
 * query values and path parameters. Each must answer 4xx with a message (naming the field where there is one),
 * never 5xx, and must change nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations, type Operation } from "@/lib/core/api/index.ts";
import { ApiSession } from "../helpers/api-session.ts";
import { freePort, testPort } from "../helpers/ports.ts";
import { PROXY_TOKEN, startConsole, type RunningProcess } from "../helpers/processes.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";

let consoleProc: (RunningProcess & { url: string }) | undefined;
let dataDir: string | undefined;
let dropDb: (() => Promise<void>) | undefined;
let carol: ApiSession;
let cookie = "";

const all = Object.values(operations) as Operation[];

/** A path with its parameters filled: an id that exists nowhere, a version far beyond the latest. */
const concrete = (op: Operation) => op.path.replace("{id}", "no-such-id").replace("{version}", "999999");

async function send(op: Operation, init: { path?: string; body?: string; contentType?: string }) {
  // Signed in by cookie as the console's own pages are: with its origin (the CSRF check is tested apart).
  const headers: Record<string, string> =
    op.access === "proxy"
      ? { authorization: `Bearer ${PROXY_TOKEN}` }
      : { cookie, origin: new URL(consoleProc!.url).origin };
  // The console's pages declare JSON on every state change, body or not (the CSRF check wants it).
  if (init.body !== undefined || op.method !== "GET") headers["content-type"] = init.contentType ?? "application/json";
  const res = await fetch(`${consoleProc!.url}${init.path ?? concrete(op)}`, {
    method: op.method,
    headers,
    body: init.body,
  });
  const text = await res.text();
  let json: { error?: { message?: string; issues?: { path: (string | number)[] }[] } } | null = null;
  try {
    json = JSON.parse(text);
  } catch {
    // checked below: an error must be JSON
  }
  return { status: res.status, text, json };
}

/** What the database holds that a bad request could have touched. */
async function state() {
  const [changes, versions, tokens, registry, registryTokens, rollouts] = await Promise.all([
    carol.call("GET", "/api/changes"),
    carol.call("GET", "/api/versions"),
    carol.call("GET", "/api/tokens"),
    carol.call("GET", "/api/registry"),
    carol.call("GET", "/api/registry/tokens"),
    carol.call("GET", "/api/rollouts"),
  ]);
  return {
    changes: changes.body,
    versions: versions.body,
    tokens: tokens.body,
    registry: registry.body,
    registryTokens: registryTokens.body,
    rollouts: rollouts.body,
  };
}

beforeAll(async () => {
  const db = await createTestDatabaseUrl();
  dropDb = db?.drop;
  if (!db) dataDir = mkdtempSync(path.join(os.tmpdir(), "sb-badinput-"));
  consoleProc = await startConsole({
    port: await freePort(),
    databaseUrl: db?.url,
    dataDir,
    env: { SIGNALBOX_DEMO_BASE_PORT: String(testPort(19480)) },
  });
  carol = await ApiSession.login(consoleProc.url, "carol", "carol-admin-pw");
  cookie = carol.cookie;
});

afterAll(async () => {
  await consoleProc?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await dropDb?.();
});

describe("bad input on every operation", () => {
  const withBody = all.filter((op) => op.body !== undefined);

  it("covers every operation that takes a body", () => {
    expect(withBody.map((op) => op.id).sort()).toEqual([
      "abortCanary",
      "abortRollout",
      "accessCheck",
      "ack",
      "approveCanary",
      "approveChange",
      "changePassword",
      "createCanary",
      "createChange",
      "createJoinToken",
      "createProxyCredential",
      "createRegistryToken",
      "createTap",
      "createToken",
      "createUser",
      "importYaml",
      "issueTlsSecret",
      "joinProxy",
      "login",
      "nack",
      "pauseCanary",
      "promoteCanary",
      "registerInstance",
      "rejectChange",
      "renewProxyCertificate",
      "reportMetrics",
      "resumeCanary",
      "resumeRollout",
      "setDefaultRolloutPlan",
      "setProxyLabels",
      "setup",
      "simulate",
      "updateChange",
      "updateUser",
      "uploadTlsSecret",
      "validate",
    ]);
  });

  it.each(withBody.map((op) => [op.id, op] as const))(
    "%s: malformed JSON and a non-object body are 400 with a message",
    async (_id, op) => {
      const before = await state();
      const malformed = await send(op, { body: "{ not json" });
      expect(malformed.status, malformed.text).toBe(400);
      expect(malformed.json?.error?.message, malformed.text).toMatch(/json/i);

      const wrongType = await send(op, { body: JSON.stringify("a string") });
      expect(wrongType.status, wrongType.text).toBe(400);
      expect(wrongType.json?.error?.message, wrongType.text).toBeTruthy();
      expect(await state()).toEqual(before);
    },
  );

  it.each([
    ["createChange", { title: 42 }, "title"],
    ["createToken", { name: "" }, "name"],
    ["createProxyCredential", { nodeId: "edge 1", gateway: "edge" }, "nodeId"],
    ["importYaml", { yaml: 7 }, "yaml"],
    ["login", { username: "alice" }, "password"],
    ["validate", { proposed: { services: "none" } }, "services"],
    ["ack", { node: "n1", version: "one" }, "version"],
    ["reportMetrics", { node: "n1", series: "x" }, "series"],
    ["simulate", { host: 7, path: "/" }, "host"],
    ["accessCheck", { target: { kind: "service", name: "reviews" }, caller: { ip: "not-an-ip" } }, "ip"],
    ["createTap", { filter: { status: "6xx" } }, "status"],
    ["createTap", { ratePerSecond: 1000 }, "ratePerSecond"],
    ["registerInstance", { id: "r-1", service: "ratings", address: "127.0.0.1", port: "eighty" }, "port"],
    ["createRegistryToken", { name: "t", services: "all" }, "services"],
    ["createCanary", { route: "reviews", stable: "v1", canary: "v3", steps: "5,10" }, "steps"],
    ["approveChange", { rollout: { mode: "staged", percent: 500 } }, "percent"],
    ["setDefaultRolloutPlan", { plan: { mode: "staged", percent: 0 } }, "percent"],
    ["setDefaultRolloutPlan", { plan: { mode: "staged", bakeSeconds: 30 } }, "selector"],
  ] as const)("%s: a field of the wrong type is 400 naming it", async (id, body, field) => {
    const op = operations[id] as Operation;
    const before = await state();
    const r = await send(op, { body: JSON.stringify(body) });
    expect(r.status, r.text).toBe(400);
    expect(r.json?.error?.message, r.text).toBeTruthy();
    // Every wrong field is listed with its path; the message names the first.
    expect(
      r.json?.error?.issues?.some((i) => i.path.includes(field)),
      r.text,
    ).toBe(true);
    expect(await state()).toEqual(before);
  });

  it.each([
    ["exportYaml", "/api/export?format=xml", "format"],
    ["exportYaml", "/api/export?version=-1", "version"],
    ["exportYaml", "/api/export?service=nope", "service"],
    ["exportYaml", "/api/export?version=1&change=x", "change"],
    ["metrics", "/api/metrics?window=abc", "window"],
    ["metrics", "/api/metrics?groupBy=planet", "groupBy"],
    ["metrics", "/api/metrics?range=1y", "range"],
    ["audit", "/api/audit?limit=-5", "limit"],
    ["pollSnapshot", "/api/xds/snapshot?node=x&version=-3", "version"],
    ["pollSnapshot", "/api/xds/snapshot?node=x&labels=canary", "labels"],
    ["rollback", "/api/versions/abc/rollback", "version"],
  ] as const)("%s %s: 400 naming %s", async (id, url, field) => {
    const r = await send(operations[id] as Operation, { path: url });
    expect(r.status, r.text).toBe(400);
    expect(r.json?.error?.message, r.text).toMatch(new RegExp(field));
  });

  it.each(all.filter((op) => op.path.includes("{")).map((op) => [op.id, op] as const))(
    "%s: an id or version that does not exist is 404, not 5xx",
    async (_id, op) => {
      const valid: Record<string, unknown> = {
        approveChange: { note: "n" },
        rejectChange: { note: "n" },
        updateChange: { revision: 0 },
        setProxyLabels: { labels: { canary: "true" } },
      };
      const body = op.body === undefined ? undefined : JSON.stringify(valid[op.id] ?? {});
      const r = await send(op, { body });
      expect(r.status, r.text).toBe(404);
      expect(r.json?.error?.message, r.text).toBeTruthy();
    },
  );

  it("answers every operation without credentials with 401, never 5xx", async () => {
    for (const op of all.filter((o) => o.access !== "public")) {
      const res = await fetch(`${consoleProc!.url}${concrete(op)}`, {
        method: op.method,
        headers: op.body ? { "content-type": "application/json" } : {},
        body: op.body ? "{}" : undefined,
      });
      expect(res.status, `${op.id}: ${await res.text()}`).toBe(401);
    }
  });
});
