import { expect, test, type Page } from "@playwright/test";
import { ensureRunning, login, loginWithCleanDraft, reviewsSplit, shot } from "./helpers.ts";

/** The Routes page's request simulator: published config, the draft being edited, a viewer, bad input. */

async function simulate(page: Page, req: { host: string; path?: string; headers?: string; source?: string }) {
  const panel = page.getByTestId("simulate-panel");
  await panel.getByLabel("Host").fill(req.host);
  await panel.getByLabel("Path").fill(req.path ?? "/");
  await panel.getByLabel(/^Headers/).fill(req.headers ?? "");
  if (req.source) await panel.getByLabel(req.source).check();
  await panel.getByRole("button", { name: "Simulate" }).click();
}

test("alice simulates a request against the published config and her draft, with the reasons per rule", async ({
  page,
  baseURL,
}) => {
  // Other specs leave other weights running: this one needs reviews split 80/20 between v1 and v2.
  await ensureRunning(baseURL!, "e2e: reviews 80/20", reviewsSplit(80, 20));
  await loginWithCleanDraft(page, "alice", "/routes");
  const panel = page.getByTestId("simulate-panel");
  const verdict = panel.getByTestId("sim-verdict");

  await test.step("published: reviews' catch-all rule forwards to its weighted versions", async () => {
    await simulate(page, {
      host: "reviews.demo",
      path: "/reviews/1",
      headers: "end-user: jason",
      source: "Published config",
    });
    await expect(panel.getByTestId("sim-result")).toHaveAttribute("data-kind", "forward");
    await expect(verdict).toContainText("forward to reviews/v1 80%, reviews/v2 20%");
    await expect(panel.getByTestId("sim-hosts")).toContainText("selected: reviews.demo (exact)");
    await expect(panel.getByTestId("sim-rules").getByTestId("sim-rule")).toHaveCount(1);
    await expect(panel.getByTestId("sim-destinations")).toContainText("reviews/v1");
    await expect(panel).toContainText(/Published config, version \d+/);
  });

  await test.step("alice adds a first rule for jason (header end-user) to her draft, sending him to v3", async () => {
    const route = page.getByTestId("route-reviews");
    // A new rule goes first, with a uri prefix "/" match and the first rule's destination at 100%.
    await route.getByTestId("route-reviews-add-rule").click();
    await expect(route.getByTestId("rule-reviews-1")).toBeVisible();
    await route.getByTestId("rule-reviews-0-m0-headers-add").click();
    await route.getByTestId("rule-reviews-0-m0-headers-0-name").fill("end-user");
    await route.getByTestId("rule-reviews-0-m0-headers-0-type").selectOption("exact");
    await route.getByTestId("rule-reviews-0-m0-headers-0-value").fill("jason");
    await route.locator("#dest-reviews-0-0-version").selectOption("v3");
  });

  await test.step("draft: jason takes the new rule; mike is explained past it", async () => {
    // Simulated at once: the panel saves the pending edit first.
    await simulate(page, { host: "reviews.demo", path: "/reviews/1", headers: "end-user: jason", source: "My draft" });
    await expect(panel).toContainText(/Your draft \(revision \d+/);
    const rules = panel.getByTestId("sim-rules").getByTestId("sim-rule");
    await expect(rules).toHaveCount(1);
    await expect(rules.first()).toHaveAttribute("data-matched", "true");
    await expect(verdict).toContainText("forward to reviews/v3");

    await simulate(page, { host: "reviews.demo", path: "/reviews/1", headers: "end-user: mike" });
    await expect(rules).toHaveCount(2);
    await expect(rules.first()).toHaveAttribute("data-matched", "false");
    await expect(rules.first()).toContainText('header end-user: wanted exact jason, got "mike"');
    await expect(rules.nth(1)).toHaveAttribute("data-matched", "true");
    await expect(verdict).toContainText("forward to reviews/v1");
    await panel.evaluate((el) => el.scrollIntoView());
    await shot(page, "simulate-panel");
  });

  await test.step("no route: 404 with the reason, and bad input names the field", async () => {
    await simulate(page, { host: "nowhere.demo" });
    await expect(panel.getByTestId("sim-result")).toHaveAttribute("data-kind", "no-route");
    await expect(verdict).toContainText("no route for host nowhere.demo through the mesh: 404");
    await simulate(page, { host: "bad host" });
    await expect(panel.getByTestId("sim-error")).toContainText("host");
    await simulate(page, { host: "reviews.demo", headers: "no separator" });
    await expect(panel.getByTestId("sim-form-error")).toHaveText("Headers, line 1: expected name: value");
    await expect(panel.getByTestId("sim-error")).toHaveCount(0);
  });
});

test("a viewer simulates against the published config only", async ({ page }) => {
  await login(page, "victor", "/routes");
  const panel = page.getByTestId("simulate-panel");
  await expect(panel.getByLabel("Published config")).toBeChecked();
  await expect(panel.getByLabel("My draft")).toHaveCount(0);
  await simulate(page, { host: "ratings.demo" });
  await expect(panel.getByTestId("sim-verdict")).toContainText("forward to ratings/v1");
});
