import { expect, test } from "@playwright/test";
import { apiRequest, login, shot } from "./helpers.ts";

test("unauthenticated visitors are sent to the login page", async ({ page }) => {
  await page.goto("/changes");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId("login-form")).toBeVisible();
  await shot(page, "login");
});

test("every page renders for an admin", async ({ page }) => {
  await login(page, "carol", "/topology");
  await expect(page.getByTestId("node-route-reviews")).toBeVisible();
  await shot(page, "topology");

  await page.getByTestId("nav-services").click();
  await expect(page.getByTestId("service-reviews")).toBeVisible();
  await shot(page, "services");

  await page.getByTestId("nav-routes").click();
  await expect(page.getByTestId("route-reviews")).toBeVisible();
  await shot(page, "routes");

  await page.getByTestId("nav-changes").click();
  await expect(page.getByRole("heading", { name: "Changes" })).toBeVisible();
  await shot(page, "changes");

  await page.getByTestId("nav-proxies").click();
  await expect(page.locator('[data-testid^="proxy-row-"]').first()).toBeVisible();
  await shot(page, "proxies");

  await page.getByTestId("nav-metrics").click();
  await expect(page.getByTestId("metrics-table")).toBeVisible();
  // The demo traffic shows: a series in the table and drawn in the request-rate chart.
  await expect(page.locator('[data-testid^="metric-row-"]').first()).toBeVisible();
  await expect(page.getByTestId("chart-rps").locator(".recharts-line-curve").first()).toBeVisible();
  await shot(page, "metrics");

  // Occasional pages sit under "More", which names the page open from it.
  await page.getByTestId("nav-more").click();
  await expect(page.getByTestId("nav-export")).toBeVisible();
  await shot(page, "nav-more-open");
  await page.getByTestId("nav-export").click();
  await expect(page.getByTestId("nav-more")).toHaveText(/Export/);
  await expect(page.getByTestId("export-yaml")).toContainText("apiVersion");
  await shot(page, "export-istio");
  await page.getByText("Gateway API").click();
  await expect(page.getByTestId("export-yaml")).toContainText("gateway.networking.k8s.io");
  const download = await apiRequest(page, "GET", (await page.getByTestId("export-download").getAttribute("href"))!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"] ?? "").toContain("attachment");

  await page.getByTestId("nav-more").click();
  await page.getByTestId("nav-audit").click();
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  await shot(page, "audit");
});
