import http from "node:http";
import { expect, type Page } from "@playwright/test";
import type { MeshConfig } from "@/lib/core/index.ts";
import { ApiSession } from "../helpers/api-session.ts";

export const USERS = {
  alice: { password: "alice-editor-pw", role: "EDITOR" },
  bob: { password: "bob-approver-pw", role: "APPROVER" },
  carol: { password: "carol-admin-pw", role: "ADMIN" },
  victor: { password: "victor-viewer-pw", role: "VIEWER" },
} as const;
export type Username = keyof typeof USERS;

export const PROXY_PORT = 18080 + Number(process.env.SIGNALBOX_TEST_PORT_OFFSET ?? 0);

/** Signs in through the login form and waits for the console shell. */
export async function login(page: Page, user: Username, next = "/topology"): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Password").fill(USERS[user].password);
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("current-role")).toHaveText(USERS[user].role);
}

/**
 * Signs in and opens `next` with a draft equal to the running config: whatever drafts other specs left this user
 * are discarded first, so a spec starts from the state it expects in any order.
 */
export async function loginWithCleanDraft(page: Page, user: Username, next: string): Promise<void> {
  await login(page, user, "/changes");
  for (let discarded = 0; ; discarded++) {
    const res = await apiRequest(page, "GET", "/api/changes/draft");
    expect(res.status()).toBe(200);
    const draft = (await res.json()) as { id: string; diff: unknown[]; stale: boolean };
    if (draft.diff.length === 0 && !draft.stale) break;
    expect(discarded, "open drafts discarded").toBeLessThan(10);
    expect((await apiRequest(page, "POST", `/api/changes/${draft.id}/discard`)).status()).toBe(200);
  }
  await page.goto(next);
  await expect(page.getByTestId("current-role")).toHaveText(USERS[user].role);
}

/**
 * Makes the running config what `edit` makes of it, through a change alice proposes and bob approves over the
 * API: the setup of a spec that needs a config of its own. Publishes nothing when the config already is that.
 */
export async function ensureRunning(baseURL: string, title: string, edit: (mesh: MeshConfig) => void): Promise<void> {
  const alice = await ApiSession.login(baseURL, "alice", USERS.alice.password);
  const running = await alice.call("GET", "/api/mesh");
  expect(running.status).toBe(200);
  const mesh = structuredClone(running.body.mesh) as MeshConfig;
  edit(mesh);
  if (JSON.stringify(mesh) === JSON.stringify(running.body.mesh)) return;
  const created = await alice.call("POST", "/api/changes", { title, proposed: mesh });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await alice.call("POST", `/api/changes/${created.body.id}/submit`)).status).toBe(200);
  const bob = await ApiSession.login(baseURL, "bob", USERS.bob.password);
  const approved = await bob.call("POST", `/api/changes/${created.body.id}/approve`, { note: "" });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
}

/** An `ensureRunning` edit: the reviews route's first rule splits v1/v2 by these weights. */
export const reviewsSplit = (v1: number, v2: number) => (mesh: MeshConfig) => {
  const rule = mesh.routes.find((r) => r.name === "reviews")!.rules[0]!;
  for (const d of rule.destinations) d.weight = d.version === "v1" ? v1 : d.version === "v2" ? v2 : 0;
};

export async function logout(page: Page): Promise<void> {
  await page.getByTestId("logout").click();
  await expect(page.getByTestId("login-form")).toBeVisible();
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: false });
}

/** One request through the demo proxy (gateway edge): status and body. */
export function throughProxy(host: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: PROXY_PORT, path, headers: { host }, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.setTimeout(2_000, () => req.destroy(new Error("proxy request timed out")));
    req.end();
  });
}

/** One real request through the proxy with a Host header; returns the upstream cluster that answered. */
export function proxyUpstream(host: string, port = PROXY_PORT): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: "/", method: "GET", headers: { host }, agent: false },
      (res) => {
        res.resume();
        res.on("end", () => resolve((res.headers["x-signalbox-upstream"] as string | undefined) ?? null));
      },
    );
    req.on("error", reject);
    req.setTimeout(2_000, () => req.destroy(new Error("proxy request timed out")));
    req.end();
  });
}

/**
 * Drags a native range input's thumb to `target` (0..100) with real mouse events, in several steps
 * (React Flow swallows the first move past its drag threshold otherwise).
 */
export async function dragRange(page: Page, testId: string, from: number, target: number): Promise<void> {
  const slider = page.getByTestId(testId);
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  if (!box) throw new Error(`${testId} has no box`);
  const y = box.y + box.height / 2;
  const xAt = (v: number) => box.x + 7 + ((box.width - 14) * v) / 100;
  await page.mouse.move(xAt(from), y);
  await page.mouse.down();
  const steps = 8;
  for (let i = 1; i <= steps; i++) {
    const v = from + ((target - from) * i) / steps;
    await page.mouse.move(xAt(v) + (target === 0 && i === steps ? -20 : target === 100 && i === steps ? 20 : 0), y);
  }
  await page.mouse.up();
}

/**
 * page.request with one retry on a reset socket: the console's keep-alive timeout (5 s) can close a
 * pooled connection just as the next request reuses it.
 */
export async function apiRequest(page: Page, method: "GET" | "POST" | "PUT" | "DELETE", url: string, data?: unknown) {
  for (let attempt = 0; ; attempt++) {
    try {
      if (method === "GET") return await page.request.get(url);
      // The console's pages name their origin on every state change (the CSRF check); page.request does not.
      const origin = new URL(page.url()).origin;
      const send = { POST: page.request.post, PUT: page.request.put, DELETE: page.request.delete }[method];
      return await send.call(page.request, url, { data: data ?? {}, headers: { origin } });
    } catch (e) {
      if (attempt >= 1 || !String(e).includes("ECONNRESET")) throw e;
    }
  }
}

/** On a change page, as its author: submit it for review, see it pending, sign out. */
export async function submitAndSignOut(page: Page): Promise<void> {
  await page.getByTestId("submit-change").click();
  await expect(page.getByTestId("change-status")).toHaveText("PENDING");
  await logout(page);
}

/** Signs in as `user` on the change's page and approves it; the change is then approved or rolled out. */
export async function approveAs(page: Page, user: Username, changeId: string): Promise<void> {
  await login(page, user, `/changes/${changeId}`);
  await page.getByTestId("approve-change").click();
  await expect(page.getByTestId("change-status")).toHaveText(/APPROVED|ROLLED OUT/);
}

/** Status of one real request through the proxy for `host`, with extra headers. */
export function proxyStatus(host: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: PROXY_PORT, path: "/", method: "GET", headers: { host, ...headers }, agent: false },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.setTimeout(2_000, () => req.destroy(new Error("proxy request timed out")));
    req.end();
  });
}
