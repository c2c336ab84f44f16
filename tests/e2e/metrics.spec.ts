import { expect, test } from "@playwright/test";
import { login, shot } from "./helpers.ts";

test("the Metrics page's range is chosen in the URL and read from the stored rollups", async ({ page }) => {
  await login(page, "bob", "/metrics");
  await expect(page.getByTestId("range-live")).toBeChecked();
  await expect(page.getByTestId("metrics-step")).toHaveText("live · 1 s");

  await page.getByTestId("range-1h").check();
  await expect(page).toHaveURL(/\/metrics\?range=1h$/);
  await expect(page.getByTestId("metrics-step")).toHaveText("stored · 10 s steps");
  // The demo traffic, once the console has written its first rollups (every 5 s).
  await expect(page.locator('[data-testid^="metric-row-"]').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("chart-rps").locator(".recharts-line-curve").first()).toBeVisible();
  await shot(page, "metrics-1h");

  // The selection survives a reload (and a shared link).
  await page.getByTestId("groupby-version").check();
  await expect(page).toHaveURL(/\/metrics\?range=1h&groupBy=version$/);
  await page.reload();
  await expect(page.getByTestId("range-1h")).toBeChecked();
  await expect(page.getByTestId("groupby-version")).toBeChecked();
  await expect(page.locator('[data-testid^="metric-row-reviews/"]').first()).toBeVisible({ timeout: 30_000 });

  await page.getByTestId("range-7d").check();
  await expect(page).toHaveURL(/\/metrics\?range=7d&groupBy=version$/);
  await expect(page.getByTestId("metrics-step")).toHaveText("stored · 30 min steps");
  await expect(page.locator('[data-testid^="metric-row-reviews/"]').first()).toBeVisible();
  await shot(page, "metrics-7d");

  await page.getByTestId("range-live").check();
  await expect(page).toHaveURL(/\/metrics\?groupBy=version$/);
  await expect(page.getByTestId("metrics-step")).toHaveText("live · 1 s");
});

test("a live tap shows the requests its filter matches, and stops", async ({ page }) => {
  await login(page, "bob", "/metrics");
  const tap = page.getByTestId("live-tap");
  await tap.getByTestId("tap-status").fill("2xx");
  await tap.getByTestId("tap-toggle").click();
  await expect(tap.getByTestId("tap-state")).toContainText("Tapping until");
  // The demo traffic generator's requests, sampled by the proxy.
  const rows = tap.getByTestId("tap-sample");
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  for (const status of await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-status"))))
    expect(Number(status)).toBeLessThan(300);
  await shot(page, "metrics-live-tap");

  await tap.getByTestId("tap-toggle").click();
  await expect(tap.getByTestId("tap-toggle")).toHaveText("Start tap");
  await expect(tap.getByTestId("tap-state")).not.toContainText("Tapping");
});
