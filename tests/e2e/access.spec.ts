import { expect, test } from "@playwright/test";
import { approveAs, ensureRunning, loginWithCleanDraft, shot, submitAndSignOut, throughProxy } from "./helpers.ts";

const noPolicies = (mesh: { authorizationPolicies?: unknown[] }) => {
  mesh.authorizationPolicies = [];
};

test.afterAll(async ({ baseURL }) => {
  await ensureRunning(baseURL!, "e2e: no access policies", noPolicies);
});

test("alice denies /admin on reviews in the Access view, bob approves, the proxy answers 403 and the dry run names the policy", async ({
  page,
  baseURL,
}) => {
  await ensureRunning(baseURL!, "e2e: no access policies", noPolicies);
  const card = page.getByTestId("access-reviews");
  const form = page.getByTestId("access-reviews-form");

  await test.step("alice creates a DENY policy for /admin* on reviews in her draft", async () => {
    await loginWithCleanDraft(page, "alice", "/services");
    await expect(card.getByTestId("access-reviews-summary")).toContainText("Everything else is allowed");
    await card.getByTestId("access-reviews-new").click();
    await form.getByLabel("Name", { exact: true }).fill("reviews-no-admin");
    await expect(form.getByRole("button", { name: "Add policy" })).toBeEnabled();
    await form.getByLabel("Action", { exact: true }).selectOption("DENY");
    await form.getByLabel("From IP blocks", { exact: true }).fill("10.0.0.0/33");
    // Checked as typed: a bad CIDR is named before anything reaches the draft.
    await expect(form.getByTestId("access-reviews-form-problem")).toContainText('"10.0.0.0/33" is not an IP address');
    await expect(form.getByRole("button", { name: "Add policy" })).toBeDisabled();
    await form.getByLabel("From IP blocks", { exact: true }).fill("");
    await form.getByLabel("Paths", { exact: true }).fill("/admin*");
    await form.getByRole("button", { name: "Add policy" }).click();
    await expect(card.getByTestId("access-reviews-policy-reviews-no-admin")).toContainText("paths /admin*");
    await expect(card.getByTestId("access-reviews-summary")).toContainText("1 DENY policy");
    await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
    await card.scrollIntoViewIfNeeded();
    await shot(page, "access-view-draft");
  });

  let changeId = "";
  await test.step("alice submits; bob approves", async () => {
    await page.getByTestId("review-draft").click();
    await expect(page).toHaveURL(/\/changes\/[^/]+$/);
    changeId = page.url().split("/").pop()!;
    await expect(page.getByTestId("diff-entry").first()).toContainText("reviews-no-admin");
    await submitAndSignOut(page);
    await approveAs(page, "bob", changeId);
  });

  await test.step("a request through the demo proxy is denied with Envoy's RBAC answer; others pass", async () => {
    await expect
      .poll(async () => (await throughProxy("reviews.demo", "/admin/users")).status, { timeout: 10_000 })
      .toBe(403);
    expect(await throughProxy("reviews.demo", "/admin/users")).toEqual({ status: 403, body: "RBAC: access denied" });
    expect((await throughProxy("reviews.demo", "/reviews/1")).status).toBe(200);
  });

  await test.step("the Metrics page counts the denials by policy, as the proxy reported them", async () => {
    await page.goto("/metrics");
    await expect(page.getByTestId("authz-table")).toContainText("default/reviews-no-admin", { timeout: 15_000 });
    await expect(page.getByTestId("authz-table")).toContainText("denied");
    await page.getByTestId("authz-table").scrollIntoViewIfNeeded();
    await shot(page, "access-metrics-denied");
  });

  await test.step("the dry run on the running config says which policy denies, and why the rest would pass", async () => {
    await page.goto("/services#service-reviews");
    const dry = page.getByTestId("access-check-service-reviews");
    await dry.getByLabel("Path", { exact: true }).fill("/admin/users");
    await dry.getByLabel("Config").selectOption("published");
    await dry.getByRole("button", { name: "Check access" }).click();
    const result = dry.getByTestId("access-check-service-reviews-result");
    await expect(result).toContainText("denied");
    await expect(result).toContainText("by DENY policy default/reviews-no-admin (rule 0)");
    await dry.getByLabel("Path", { exact: true }).fill("/reviews/1");
    await dry.getByRole("button", { name: "Check access" }).click();
    await expect(result).toContainText("allowed");
    await expect(result).toContainText("paths: no value matches");
    await dry.scrollIntoViewIfNeeded();
    await shot(page, "access-dry-run");
  });
});
