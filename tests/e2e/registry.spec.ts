import { expect, test } from "@playwright/test";
import { login, shot } from "./helpers.ts";

const offset = Number(process.env.SIGNALBOX_TEST_PORT_OFFSET ?? 0);
/** The demo's second reviews/v1 instance (scripts/start.ts: demo base port + 20, reviews/v1 is the fourth upstream). */
const SECOND_REVIEWS_V1 = 19200 + offset + 20 + 3;

test("the demo upstreams registered themselves; stopping one shows it critical with its check output", async ({
  page,
}) => {
  await login(page, "carol", "/registry");
  await page.getByTestId("nav-registry").click();
  const row = page.getByTestId("instance-row-reviews-v1-2");
  // Registered by `npm start` through the Consul-compatible API with the demo token, selected by reviews/v1.
  await expect(row).toHaveAttribute("data-health", "passing");
  await expect(row).toContainText("Consul API · token demo-upstreams");
  await expect(row).toContainText("v1");
  await expect(page.getByTestId("instance-row-reviews-v2-1")).toBeVisible();
  await expect(page.getByTestId("summary-reviews-v1")).toContainText("2 / 0 / 0");
  await shot(page, "registry-demo");

  const stopped = await fetch(`http://127.0.0.1:${SECOND_REVIEWS_V1}/_demo/stop`, { method: "POST" });
  expect(stopped.status).toBe(202);
  await expect(row).toHaveAttribute("data-health", "critical");
  await expect(row.getByTestId("check-output")).toContainText("ECONNREFUSED");
  await expect(page.getByTestId("summary-reviews-v1")).toContainText("1 / 0 / 1");
  await row.scrollIntoViewIfNeeded();
  await expect(page.getByTestId("registry-events").locator('tr[data-kind="health"]').first()).toContainText(
    "reviews-v1-2",
  );
  await shot(page, "registry-instance-critical");
});

test("an admin creates a registration token scoped to services; the secret is shown once", async ({ page }) => {
  await login(page, "carol", "/registry");
  await page.getByTestId("registry-token-name").fill("ratings-deployer");
  await page.getByTestId("registry-token-services").fill("ratings");
  await page.getByTestId("registry-token-create").click();
  await expect(page.getByTestId("registry-token-secret-box")).toContainText("ratings");
  const secret = await page.getByTestId("registry-token-secret").inputValue();
  expect(secret).toMatch(/^sbr_/);
  await expect(page.getByTestId("registry-token-row-ratings-deployer")).toContainText("ratings");
  await page.getByTestId("registry-token-secret-box").scrollIntoViewIfNeeded();
  await shot(page, "registry-token-created");
});

test("viewers see the registry but no tokens or deregister buttons", async ({ page }) => {
  await login(page, "victor", "/registry");
  await expect(page.getByTestId("registry-table")).toBeVisible();
  await expect(page.getByTestId("registry-tokens-table")).toHaveCount(0);
  await expect(page.locator('[data-testid^="deregister-"]')).toHaveCount(0);
});
