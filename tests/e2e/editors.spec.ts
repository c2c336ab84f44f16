import { expect, test } from "@playwright/test";
import { apiRequest, ensureRunning, loginWithCleanDraft, shot } from "./helpers.ts";

test("route rules can be added, reordered and matched; the graph slider works from the keyboard", async ({ page }) => {
  await loginWithCleanDraft(page, "carol", "/routes");
  const route = page.getByTestId("route-productpage");
  await route.getByTestId("route-productpage-add-rule").click();
  await expect(route.getByTestId("rule-productpage-1")).toBeVisible();
  await route.getByLabel("URI value").fill("/api");
  await route.getByLabel("GET").first().check();
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  await route.getByTestId("rule-productpage-0-down").click();
  await expect(route.getByTestId("rule-productpage-1").getByLabel("URI value")).toHaveValue("/api");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  await route.scrollIntoViewIfNeeded();
  await shot(page, "routes-rule-added");
  // The catch-all now precedes a rule it shadows: the server warns at the rule.
  await page.getByTestId("undo").click();
  await page.getByTestId("undo").click();
  await page.getByTestId("undo").click();
  await page.getByTestId("undo").click();

  await page.getByTestId("nav-topology").click();
  const slider = page.getByTestId("weight-reviews-0-reviews-v2-slider");
  await expect(slider).toBeEnabled();
  const before = Number(await slider.inputValue());
  const after = before > 0 ? before - 1 : before + 1;
  // React Flow may re-mount an edge label while it measures the nodes after the page appears; a key pressed
  // into a label that was just replaced goes nowhere. Press again only while the value has not moved.
  await expect(async () => {
    if ((await slider.inputValue()) !== String(after)) {
      await slider.focus();
      await page.keyboard.press(before > 0 ? "ArrowLeft" : "ArrowRight");
    }
    await expect(slider).toHaveValue(String(after), { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  await expect(page.getByTestId("weight-reviews-0-reviews-v1-value")).toHaveText(String(100 - after));
  await page.getByTestId("undo").click();
  await expect(slider).toHaveValue(String(before));
});

test("a service can be created with a version and endpoint in the draft", async ({ page }) => {
  await loginWithCleanDraft(page, "carol", "/services");
  await page.getByLabel("Name", { exact: true }).first().fill("inventory");
  await page.getByLabel("Port", { exact: true }).first().fill("19300");
  await page.getByTestId("create-service-submit").click();
  const card = page.getByTestId("service-inventory");
  await expect(card).toBeVisible();
  await card.getByTestId("svc-inventory-add-version").click();
  await expect(card.getByTestId("version-inventory-v2")).toBeVisible();
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  await expect(page.getByTestId("draft-badge")).not.toHaveText("Draft: 0 changes");
  await card.scrollIntoViewIfNeeded();
  await shot(page, "services-created");
  await page.getByTestId("review-draft").click();
  await expect(page.getByTestId("diff-entry").filter({ hasText: "inventory" }).first()).toBeVisible();
  await shot(page, "change-draft-review");
  await page.getByTestId("discard-change").click();
  await expect(page).toHaveURL(/\/changes$/);
});

test("an edit made just before switching pages carries over to the next page and is not undone by its edits", async ({
  page,
}) => {
  await loginWithCleanDraft(page, "carol", "/routes");
  await page.getByTestId("dest-reviews-0-0-weight").fill("30");
  await expect(page.getByTestId("dest-reviews-0-1-weight")).toHaveValue("70");
  // Leave at once, inside the save debounce: the Topology page must start from the edit, not the saved draft.
  await page.getByTestId("nav-topology").click();
  await expect(page.getByTestId("weight-reviews-0-reviews-v1-value")).toHaveText("30");
  const v2 = page.getByTestId("weight-reviews-0-reviews-v2-slider");
  await expect(async () => {
    if ((await v2.inputValue()) !== "69") {
      await v2.focus();
      await page.keyboard.press("ArrowLeft");
    }
    await expect(v2).toHaveValue("69", { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  // Both edits are in the saved draft.
  const draft = (await (await apiRequest(page, "GET", "/api/changes/draft")).json()) as {
    id: string;
    proposed: { routes: { name: string; rules: { destinations: { version: string; weight: number }[] }[] }[] };
  };
  const weights = draft.proposed.routes
    .find((r) => r.name === "reviews")!
    .rules[0]!.destinations.map((d) => [d.version, d.weight]);
  expect(weights).toEqual([
    ["v1", 31],
    ["v2", 69],
  ]);
  expect((await apiRequest(page, "POST", `/api/changes/${draft.id}/discard`)).status()).toBe(200);
});

test("a draft left stale by someone else's rollout restarts from the running config", async ({ page, baseURL }) => {
  await loginWithCleanDraft(page, "carol", "/routes");
  const weight = page.getByTestId("dest-reviews-0-0-weight");
  const running = await weight.inputValue();
  await weight.fill(running === "30" ? "40" : "30");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  const edited = await page.getByTestId("draft-toolbar").getAttribute("data-change-id");

  // Another change is rolled out meanwhile: carol's edited draft is now based on an older version.
  await ensureRunning(baseURL!, "e2e: ratings described anew", (mesh) => {
    mesh.services.find((s) => s.name === "ratings")!.description = `described at ${Date.now()}`;
  });
  await page.reload();
  await expect(page.getByTestId("draft-stale")).toBeVisible();
  await shot(page, "draft-stale");
  await page.getByTestId("restart-draft").click();
  await expect(page.getByTestId("draft-stale")).toHaveCount(0);
  await expect(page.getByTestId("draft-toolbar")).not.toHaveAttribute("data-change-id", edited ?? "");
  await expect(page.getByTestId("draft-toolbar")).toHaveAttribute("data-change-id", /.+/);
  await expect(weight).toHaveValue(running);
});

test("a version cannot take a name another version of its service has; typing on to a free name renames it", async ({
  page,
}) => {
  await loginWithCleanDraft(page, "carol", "/services");
  const card = page.getByTestId("service-reviews");
  const name = card.locator("#svc-reviews-ver-2-name");
  await expect(name).toHaveValue("v3");
  // Versions are addressed by name, so "v1" is refused: it stays in the field, marked, and the draft keeps v3.
  await name.fill("v1");
  await expect(card.getByRole("alert")).toHaveText('Another version of reviews is named "v1".');
  await expect(name).toHaveValue("v1");
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(card.getByTestId("version-reviews-v3")).toBeVisible();
  await name.scrollIntoViewIfNeeded();
  await shot(page, "services-version-name-taken");
  await name.press("End");
  await name.press("0");
  await expect(card.getByTestId("version-reviews-v10")).toBeVisible();
  await expect(card.getByRole("alert")).toHaveCount(0);
  await expect(name).toHaveValue("v10");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  const draft = (await (await apiRequest(page, "GET", "/api/changes/draft")).json()) as {
    id: string;
    proposed: { services: { name: string; versions: { name: string }[] }[] };
  };
  const reviews = draft.proposed.services.find((s) => s.name === "reviews")!;
  expect(reviews.versions.map((v) => v.name)).toEqual(["v1", "v2", "v10"]);
  expect((await apiRequest(page, "POST", `/api/changes/${draft.id}/discard`)).status()).toBe(200);
});

test("a destination gets header operations of its own, saved in the draft", async ({ page }) => {
  await loginWithCleanDraft(page, "carol", "/routes");
  const row = page.getByTestId("dest-reviews-0-0");
  await row.getByText("Headers for this destination only").click();
  await row.getByTestId("dest-reviews-0-0-request-headers-on").check();
  await row.getByTestId("dest-reviews-0-0-request-headers-set-add").click();
  const name = row.getByTestId("dest-reviews-0-0-request-headers-set-0-name");
  await name.fill("x-canary");
  await name.press("Enter");
  const value = row.getByTestId("dest-reviews-0-0-request-headers-set-0-value");
  await value.fill("yes");
  await value.press("Enter");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  await row.scrollIntoViewIfNeeded();
  await shot(page, "routes-destination-headers");
  const draft = (await (await apiRequest(page, "GET", "/api/changes/draft")).json()) as {
    proposed: { routes: { name: string; rules: { destinations: { requestHeaders?: { set: object } }[] }[] }[] };
  };
  const reviews = draft.proposed.routes.find((r) => r.name === "reviews")!;
  expect(reviews.rules[0]!.destinations[0]!.requestHeaders?.set).toEqual({ "x-canary": "yes" });
  await page.getByTestId("undo").click();
  await page.getByTestId("undo").click();
  await page.getByTestId("undo").click();
});
