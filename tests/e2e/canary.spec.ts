import { expect, test } from "@playwright/test";
import { ApiSession } from "../helpers/api-session.ts";
import { ensureRunning, login, logout, shot, USERS } from "./helpers.ts";

/** The reviews rule as the demo seeds it, so later specs find the split they expect. */
const demoReviews = (mesh: import("@/lib/core/index.ts").MeshConfig) => {
  mesh.routes.find((r) => r.name === "reviews")!.rules[0]!.destinations = [
    { service: "reviews", version: "v1", weight: 80 },
    { service: "reviews", version: "v2", weight: 20 },
  ];
};

test.afterAll(async ({ baseURL }) => {
  // A canary this spec left active would own the reviews route.
  const bob = await ApiSession.login(baseURL!, "bob", USERS.bob.password);
  const { canaries } = (await bob.call("GET", "/api/canaries")).body as { canaries: { id: string; state: string }[] };
  for (const c of canaries.filter((x) => ["PENDING", "RUNNING", "PAUSED"].includes(x.state)))
    expect((await bob.call("POST", `/api/canaries/${c.id}/abort`, { note: "spec cleanup" })).status).toBe(200);
  await ensureRunning(baseURL!, "reviews back to the demo split", demoReviews);
});

test("a canary started from the Canary page steps under the demo traffic; a failing gate rolls it back with its reason", async ({
  page,
  baseURL,
}) => {
  await ensureRunning(baseURL!, "reviews all on v1", (mesh) => {
    mesh.routes.find((r) => r.name === "reviews")!.rules[0]!.destinations = [
      { service: "reviews", version: "v1", weight: 100 },
    ];
  });

  // alice proposes reviews v1 → v3 with short intervals.
  await login(page, "alice", "/canaries");
  await page.goto("/canaries");
  const form = page.getByTestId("canary-form");
  await form.getByTestId("canary-route").selectOption("reviews");
  await form.getByTestId("canary-stable").selectOption("v1");
  await form.getByTestId("canary-version").selectOption("v3");
  await form.getByTestId("canary-steps").fill("20,50,100");
  await form.getByTestId("canary-interval").fill("3");
  await form.getByTestId("canary-min-requests").fill("1");
  await form.getByTestId("canary-max-p99").fill("5000");
  await shot(page, "canary-form");
  await form.getByTestId("create-canary").click();
  const card = page.locator('[data-testid^="canary-"][data-state="PENDING"]');
  await expect(card).toContainText("reviews: v1 → v3");
  await expect(card).toContainText("another approver must start it");
  await expect(card.getByTestId("canary-approve")).toHaveCount(0);
  await logout(page);

  // bob approves: the steps follow one another on the page, then the canary is promoted.
  await login(page, "bob", "/canaries");
  await page.goto("/canaries");
  const pending = page.locator('[data-testid^="canary-"][data-state="PENDING"]');
  await pending.getByTestId("canary-approve").click();
  const running = page.locator('[data-testid^="canary-"][data-state="RUNNING"]');
  await expect(running.getByTestId("canary-weight")).toHaveAttribute("data-value", "20");
  await expect(running.getByTestId("canary-weight")).toHaveAttribute("data-value", "50", { timeout: 30_000 });
  await expect(running.locator('[data-testid^="canary-chart-rps-"]')).toBeVisible();
  await shot(page, "canary-running");
  const promoted = page.locator('[data-testid^="canary-"][data-state="PROMOTED"]').first();
  await expect(promoted).toBeVisible({ timeout: 30_000 });
  await expect(promoted.getByTestId("canary-timeline")).toContainText("promoted: v3 is the stable target");
  await logout(page);

  // A canary whose p99 gate cannot hold is rolled back at its first check, and the page says why.
  await login(page, "alice", "/canaries");
  await page.goto("/canaries");
  await form.getByTestId("canary-route").selectOption("reviews");
  await form.getByTestId("canary-stable").selectOption("v3");
  await form.getByTestId("canary-version").selectOption("v2");
  await form.getByTestId("canary-steps").fill("50,100");
  await form.getByTestId("canary-interval").fill("3");
  await form.getByTestId("canary-min-requests").fill("1");
  await form.getByTestId("canary-max-p99").fill("1");
  await form.getByTestId("create-canary").click();
  await expect(page.locator('[data-testid^="canary-"][data-state="PENDING"]')).toContainText("reviews: v3 → v2");
  await logout(page);
  await login(page, "bob", "/canaries");
  await page.goto("/canaries");
  await page.locator('[data-testid^="canary-"][data-state="PENDING"]').getByTestId("canary-approve").click();
  const rolledBack = page.locator('[data-testid^="canary-"][data-state="ROLLED_BACK"]');
  await expect(rolledBack).toBeVisible({ timeout: 30_000 });
  await expect(rolledBack.getByTestId("canary-reason")).toContainText(
    /Rolled back: gate p99 failed at 50%: \d+ requests, success [\d.]+%, p99 [\d.]+ ms: p99 above 1 ms/,
  );
  await shot(page, "canary-rolled-back");
});
