import os from "node:os";
import path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ApiSession } from "../helpers/api-session.ts";
import { freePort } from "../helpers/ports.ts";
import { startConsole } from "../helpers/processes.ts";
import { apiRequest, login, loginWithCleanDraft, logout, shot, USERS } from "./helpers.ts";

const PAGES = [
  "/topology",
  "/services",
  "/routes",
  "/changes",
  "/proxies",
  "/metrics",
  "/export",
  "/import",
  "/audit",
  "/tokens",
  "/users",
  "/account",
  "/api-docs",
];

/** Collects CSP violations the page reports (events and console messages) from the first script on. */
async function watchCsp(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) seen.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`Refused to load: CSP ${e.violatedDirective} blocked ${e.blockedURI}`),
    );
  });
  return seen;
}

test("every page works under the Content-Security-Policy: no violation reported", async ({ page }) => {
  const violations = await watchCsp(page);
  await page.goto("/login");
  await expect(page.getByTestId("login-form")).toBeVisible();
  await login(page, "carol", "/topology");
  for (const p of PAGES) {
    await page.goto(p);
    await expect(page.getByTestId("current-role")).toHaveText("ADMIN");
    await expect(page.locator("main h1").first()).toBeVisible();
  }
  expect(violations).toEqual([]);
});

test("an admin creates a user, changes their role and disables them on the Users page", async ({ page, baseURL }) => {
  const name = `e2e-${Date.now().toString(36)}`;
  await login(page, "carol", "/users");
  await page.getByTestId("user-username").fill(name);
  await page.getByTestId("user-role").selectOption("EDITOR");
  await page.getByTestId("user-password").fill("e2e-initial-password");
  await page.getByTestId("user-create").click();
  const row = page.getByTestId(`user-row-${name}`);
  await expect(row).toBeVisible();
  await expect(page.getByTestId(`user-role-${name}`)).toHaveValue("EDITOR");
  await page.getByTestId(`user-role-${name}`).selectOption("VIEWER");
  await expect(page.getByTestId(`user-role-${name}`)).toHaveValue("VIEWER");
  await page.reload();
  await expect(page.getByTestId(`user-role-${name}`)).toHaveValue("VIEWER");
  await shot(page, "users");
  await page.getByTestId(`user-toggle-${name}`).click();
  await expect(page.getByTestId(`user-state-${name}`)).toHaveText("disabled");
  await expect(row).toHaveAttribute("data-disabled", "true");
  const refused = await fetch(`${baseURL}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: name, password: "e2e-initial-password" }),
  });
  expect(refused.status).toBe(401);
});

test("a user changes their own password on the Account page", async ({ page, baseURL }) => {
  const name = `pw-${Date.now().toString(36)}`;
  const carol = await ApiSession.login(baseURL!, "carol", USERS.carol.password);
  expect(
    (await carol.call("POST", "/api/users", { username: name, role: "VIEWER", password: "first-password-1" })).status,
  ).toBe(201);
  await page.goto("/login?next=/account");
  await page.getByLabel("User name").fill(name);
  await page.getByLabel("Password").fill("first-password-1");
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("password-form")).toBeVisible();
  await page.getByLabel("Current password").fill("first-password-1");
  await page.getByLabel(/^New password/).fill("second-password-2");
  await page.getByLabel("Repeat the new password").fill("second-password-2");
  await page.getByTestId("password-submit").click();
  await expect(page.getByTestId("password-changed")).toBeVisible();
  await shot(page, "account");
  await logout(page);
  await page.getByLabel("User name").fill(name);
  await page.getByLabel("Password").fill("second-password-2");
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("current-role")).toHaveText("VIEWER");
});

test("a draft changed elsewhere shows 'changed elsewhere — reload or overwrite'", async ({ page }) => {
  await loginWithCleanDraft(page, "alice", "/routes");
  await page.getByTestId("dest-reviews-0-0-weight").fill("30");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  // Another tab (or the CLI) saves the same draft.
  const draft = await (await apiRequest(page, "GET", "/api/changes/draft")).json();
  const elsewhere = await apiRequest(page, "PUT", `/api/changes/${draft.id}`, {
    revision: draft.revision,
    title: "edited in another tab",
  });
  expect(elsewhere.status()).toBe(200);
  await page.getByTestId("dest-reviews-0-0-weight").fill("40");
  await expect(page.getByTestId("draft-conflict")).toContainText("Changed elsewhere — reload or overwrite");
  await shot(page, "draft-conflict");
  await page.getByTestId("draft-overwrite").click();
  await expect(page.getByTestId("draft-conflict")).toHaveCount(0);
  // The save status may still read "saved" from before the conflict: wait for the overwrite itself to be stored.
  const firstWeight = (d: {
    proposed: { routes: { name: string; rules: { destinations: { weight: number }[] }[] }[] };
  }) => d.proposed.routes.find((r) => r.name === "reviews")!.rules[0]!.destinations[0]!.weight;
  await expect
    .poll(async () => firstWeight(await (await apiRequest(page, "GET", "/api/changes/draft")).json()))
    .toBe(40);
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  const saved = await (await apiRequest(page, "GET", "/api/changes/draft")).json();

  // And "reload" takes the other tab's version.
  const again = await apiRequest(page, "PUT", `/api/changes/${saved.id}`, { revision: saved.revision, title: "again" });
  expect(again.status()).toBe(200);
  await page.getByTestId("dest-reviews-0-0-weight").fill("50");
  await expect(page.getByTestId("draft-conflict")).toBeVisible();
  await page.getByTestId("draft-reload").click();
  await expect(page.getByTestId("draft-conflict")).toHaveCount(0);
  await expect(page.getByTestId("dest-reviews-0-0-weight")).toHaveValue("40");
});

test.describe("a console without users", () => {
  test("the setup page creates the first admin with the token from the log", async ({ page }) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sb-e2e-setup-"));
    const consoleProc = await startConsole({
      port: await freePort(),
      dataDir: path.join(dir, "pglite"),
      env: { SIGNALBOX_SEED: "none", SIGNALBOX_NEXT_DIST: ".next-e2e" },
    });
    try {
      await page.goto(`${consoleProc.url}/login`);
      await expect(page).toHaveURL(/\/setup$/);
      const token = /SIGNALBOX_SETUP_TOKEN=(\S+)/.exec(consoleProc.output())?.[1];
      expect(token).toBeTruthy();
      await page.getByLabel("Setup token").fill(token!);
      await page.getByLabel("User name").fill("admin");
      await page.getByLabel("Display name").fill("The Admin");
      await page.getByLabel(/^Password/).fill("first-admin-password");
      await page.getByLabel("Repeat the password").fill("first-admin-password");
      await shot(page, "setup");
      await page.getByTestId("setup-submit").click();
      await expect(page.getByTestId("current-role")).toHaveText("ADMIN");
      await expect(page.getByTestId("user-row-admin")).toBeVisible();
      await page.goto(`${consoleProc.url}/setup`);
      await expect(page).toHaveURL(/\/login$/);
    } finally {
      await consoleProc.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
