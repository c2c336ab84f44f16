import { expect, test } from "@playwright/test";
import { apiRequest, login, loginWithCleanDraft, logout, shot } from "./helpers.ts";

test("a viewer sees the config read-only and the API refuses edits", async ({ page }) => {
  await login(page, "victor", "/topology");
  await expect(page.getByTestId("readonly-banner")).toBeVisible();
  await expect(page.getByTestId("draft-badge")).toHaveCount(0);
  await expect(page.getByTestId("weight-reviews-0-reviews-v1-slider")).toBeDisabled();
  await shot(page, "topology-viewer");

  await page.getByTestId("nav-routes").click();
  await expect(page.getByTestId("readonly-banner")).toBeVisible();
  await expect(page.getByTestId("dest-reviews-0-0-weight")).toBeDisabled();
  await expect(page.getByTestId("create-route")).toHaveCount(0);

  expect((await apiRequest(page, "GET", "/api/changes/draft")).status()).toBe(403);
  expect((await apiRequest(page, "POST", "/api/changes", { title: "sneaky" })).status()).toBe(403);
  await logout(page);
});

test("an author cannot approve their own pending change, even with the approve permission", async ({ page }) => {
  // carol is ADMIN (may approve others' changes): the four-eyes rule still stops her on her own.
  await loginWithCleanDraft(page, "carol", "/routes");
  // Make a small valid edit (reviews 50/50) and submit it.
  await page.getByTestId("dest-reviews-0-0-weight").fill("50");
  await expect(page.getByTestId("dest-reviews-0-1-weight")).toHaveValue("50");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  await page.getByTestId("review-draft").click();
  await expect(page).toHaveURL(/\/changes\/[^/]+$/);
  const id = page.url().split("/").pop()!;
  await page.getByTestId("submit-change").click();
  await expect(page.getByTestId("change-status")).toHaveText("PENDING");

  await expect(page.getByTestId("approve-change")).toHaveCount(0);
  await expect(page.getByTestId("reject-change")).toHaveCount(0);
  await expect(page.getByTestId("approve-rule")).toContainText("cannot approve");
  const res = await apiRequest(page, "POST", `/api/changes/${id}/approve`, { note: "" });
  expect(res.status()).toBe(403);
  const body = await res.json();
  expect(body.error.message).toMatch(/own change/i);
  await shot(page, "change-self-approval-blocked");

  // Withdraw: the change is not meant to be approved.
  await page.getByTestId("withdraw-change").click();
  await expect(page.getByTestId("change-status")).toHaveText("DISCARDED");
  // Withdrawn by its author, not rejected by a reviewer: the timeline ends with "Discarded by".
  await expect(page.getByTestId("change-timeline")).toContainText(/Discarded .* by Carol/);
  await expect(page.getByTestId("change-timeline")).not.toContainText("Rejected");
});

test("invalid weights show the issue next to the destinations", async ({ page }) => {
  await loginWithCleanDraft(page, "alice", "/routes");
  const weight = page.getByTestId("dest-reviews-0-0-weight");
  const original = await weight.inputValue();
  await page.getByTestId("dest-reviews-0-keep100").uncheck();
  await weight.fill(String((Number(original) + 10) % 100));
  await expect(page.getByTestId("dest-reviews-0-total")).not.toHaveText("Total 100%");
  const issues = page.getByTestId("destinations-reviews-0").locator(".field-issues");
  await expect(issues).toContainText(/100/);
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "error");
  await issues.scrollIntoViewIfNeeded();
  await shot(page, "routes-invalid-weights");
  // Put it back so the draft is valid again.
  await weight.fill(original);
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  await expect(issues).toHaveCount(0);
});
