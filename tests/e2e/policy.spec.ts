import { expect, test, type Page } from "@playwright/test";
import { apiRequest, approveAs, loginWithCleanDraft, proxyStatus, shot, submitAndSignOut } from "./helpers.ts";

async function saved(page: Page): Promise<void> {
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
}

test("fault injection on a header-matched rule and a service traffic policy, edited in forms, reach the proxy", async ({
  page,
}) => {
  let changeId = "";
  const rule = "rule-ratings-0";
  const policy = "policy-ratings-0";

  await test.step("alice adds a rule matching x-test: fault with a 100% abort, fixing a field the server flags", async () => {
    await loginWithCleanDraft(page, "alice", "/routes");
    const route = page.getByTestId("route-ratings");
    await route.getByTestId("route-ratings-add-rule").click();
    await expect(route.getByTestId("rule-ratings-1")).toBeVisible();

    await route.getByTestId(`${rule}-m0-headers-add`).click();
    await route.getByTestId(`${rule}-m0-headers-0-name`).fill("x-test");
    await route.getByTestId(`${rule}-m0-headers-0-type`).selectOption("exact");
    await route.getByTestId(`${rule}-m0-headers-0-value`).fill("fault");

    await route.getByTestId(`${policy}-fault-toggle`).click();
    await route.getByTestId(`${policy}-fault-abort-on`).check();
    // 150 % is not a percentage: the server's validation names the field and the section shows an error.
    await route.getByTestId(`${policy}-fault-abort-percent`).fill("150");
    await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "error");
    await expect(route.getByTestId(`${policy}-fault-abort-percent-issues`)).toContainText(/percent|100/i);
    await expect(route.getByTestId(`${policy}-fault-section`)).toContainText("1 error");
    await route.getByTestId(`${policy}-fault-abort-percent`).fill("100");
    await route.getByTestId(`${policy}-fault-abort-status`).fill("418");
    await saved(page);
    await expect(route.getByTestId(`${policy}-fault-section`)).not.toContainText("error");
    await expect(route.getByTestId(`${policy}-summary`)).toContainText(/abort/i);
    await route.scrollIntoViewIfNeeded();
    await shot(page, "policy-fault-rule");
  });

  await test.step("alice turns on outlier detection for the ratings service", async () => {
    await page.getByTestId("nav-services").click();
    const card = page.getByTestId("service-ratings");
    await card.getByTestId("traffic-ratings-outlierDetection-on").check();
    await saved(page);
    await expect(card.getByTestId("traffic-ratings-summary")).toContainText(/eject after \d+ errors/);
    await card.getByTestId("traffic-ratings").scrollIntoViewIfNeeded();
    await shot(page, "policy-traffic-service");
  });

  await test.step("alice submits; the diff names both changes", async () => {
    await page.getByTestId("review-draft").click();
    await expect(page).toHaveURL(/\/changes\/[^/]+$/);
    changeId = page.url().split("/").pop()!;
    await expect(page.getByTestId("diff-entry").filter({ hasText: "ratings" }).first()).toBeVisible();
    await submitAndSignOut(page);
  });

  await test.step("bob approves; the proxy aborts only the matching requests", async () => {
    await approveAs(page, "bob", changeId);
    await expect.poll(() => proxyStatus("ratings.demo", { "x-test": "fault" }), { timeout: 5_000 }).toBe(418);
    for (let i = 0; i < 20; i++) expect(await proxyStatus("ratings.demo", { "x-test": "fault" })).toBe(418);
    for (let i = 0; i < 20; i++) expect(await proxyStatus("ratings.demo")).toBe(200);
  });

  await test.step("the running config's Istio export carries the fault and the outlier detection", async () => {
    const res = await apiRequest(page, "GET", "/api/export?format=istio");
    expect(res.status()).toBe(200);
    const yaml = await res.text();
    expect(yaml).toContain("httpStatus: 418");
    expect(yaml).toMatch(/x-test:\s*\n\s*exact: fault/);
    expect(yaml).toContain("outlierDetection:");
  });
});

test("an endpoint that refuses connections is ejected by outlier detection, and the Proxies and Services pages show it", async ({
  page,
}) => {
  const DEAD_PORT = "19299"; // nothing listens here in the e2e stack
  const ver = "svc-details-ver-0";
  let changeId = "";

  await test.step("alice adds a dead endpoint to details v1 and turns on outlier detection", async () => {
    await loginWithCleanDraft(page, "alice", "/services");
    const card = page.getByTestId("service-details");
    await card.getByTestId(`${ver}-add-endpoint`).click();
    await expect(card.getByTestId(`${ver}-ep-1`)).toBeVisible();
    await page.locator(`#${ver}-ep-1-port`).fill(DEAD_PORT);
    await card.getByTestId("traffic-details-outlierDetection-on").check();
    await card.getByTestId("traffic-details-outlierDetection-consecutiveErrors").fill("2");
    await card.getByTestId("traffic-details-outlierDetection-maxEjectionPercent").fill("50");
    await saved(page);
    await page.getByTestId("review-draft").click();
    await expect(page).toHaveURL(/\/changes\/[^/]+$/);
    changeId = page.url().split("/").pop()!;
    await submitAndSignOut(page);
  });

  await test.step("bob approves; after a few requests the dead endpoint is ejected and traffic is all 200", async () => {
    await approveAs(page, "bob", changeId);
    // Until the ejection some requests reach the dead endpoint (503 connect failure); afterwards none do.
    await expect
      .poll(
        async () => {
          const statuses = await Promise.all(Array.from({ length: 10 }, () => proxyStatus("details.demo")));
          return statuses.every((s) => s === 200);
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    await page.getByTestId("nav-proxies").click();
    const row = page.getByTestId(`endpoint-details/v1-127.0.0.1-${DEAD_PORT}`);
    await expect(row).toHaveAttribute("data-state", "ejected");
    await expect(page.getByTestId("endpoint-health-summary")).toContainText(/of \d+ endpoint reports healthy/);
    await row.scrollIntoViewIfNeeded();
    await shot(page, "proxies-endpoint-ejected");

    // The Services page shows the same verdict next to the endpoint.
    await page.getByTestId("nav-services").click();
    const card = page.getByTestId("service-details");
    await expect(card.getByTestId(`${ver}-ep-1-health`)).toHaveAttribute("data-state", "ejected");
    await expect(card.getByTestId(`${ver}-ep-0-health`)).toHaveAttribute("data-state", "healthy");
    await card.getByTestId(`${ver}-ep-1-health`).scrollIntoViewIfNeeded();
    await shot(page, "services-endpoint-ejected");
  });
});
