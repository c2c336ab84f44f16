import { expect, test } from "@playwright/test";
import {
  apiRequest,
  dragRange,
  ensureRunning,
  login,
  loginWithCleanDraft,
  logout,
  proxyUpstream,
  reviewsSplit,
  shot,
} from "./helpers.ts";

const V1 = "weight-reviews-0-reviews-v1";
const V2 = "weight-reviews-0-reviews-v2";

test("editor shifts reviews to v2 on the graph, approver approves, proxy and metrics follow", async ({
  page,
  baseURL,
}) => {
  let changeId = "";
  let baseline = 0;
  // The seeded split, whatever ran before.
  await ensureRunning(baseURL!, "e2e: reviews 80/20", reviewsSplit(80, 20));

  await test.step("alice drags the reviews v1 weight to 0 on the topology", async () => {
    await loginWithCleanDraft(page, "alice", "/topology");
    const proxies = await (await apiRequest(page, "GET", "/api/proxies")).json();
    baseline = proxies.latestVersion ?? 0;
    await expect(page.getByTestId(V1)).toContainText("80");
    await expect(page.getByTestId(V2)).toContainText("20");
    await dragRange(page, `${V1}-slider`, 80, 0);
    await expect(page.getByTestId(`${V1}-value`)).toHaveText("0");
    await expect(page.getByTestId(`${V2}-value`)).toHaveText("100");
    await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
    await expect(page.getByTestId("draft-badge")).toHaveText(/Draft: [1-9]\d* change/);
    await shot(page, "topology-after-drag");
  });

  await test.step("alice submits the change and cannot approve it", async () => {
    await page.getByTestId("review-draft").click();
    await expect(page).toHaveURL(/\/changes\/[^/]+$/);
    changeId = page.url().split("/").pop()!;
    await expect(page.getByTestId("diff-entry").first()).toBeVisible();
    await page.getByTestId("submit-change").click();
    await expect(page.getByTestId("change-status")).toHaveText("PENDING");
    await expect(page.getByTestId("approve-change")).toHaveCount(0);
    await expect(page.getByTestId("approve-rule")).toContainText("another approver");
    const res = await apiRequest(page, "POST", `/api/changes/${changeId}/approve`, { note: "" });
    expect(res.status()).toBe(403);
    await shot(page, "change-pending-author");
    await logout(page);
  });

  await test.step("bob approves; real traffic through the proxy moves to reviews v2 within 2 s", async () => {
    await login(page, "bob", `/changes/${changeId}`);
    await expect(page.getByTestId("change-status")).toHaveText("PENDING");
    const approvedAt = Date.now(); // the clock starts at the click, so the 2 s include the approval call itself
    await page.getByTestId("approve-change").click();
    // Real HTTP through the proxy (Host: reviews.demo): 10 answers in a row from reviews/v2.
    let streak = 0;
    let streakStart = 0;
    while (streak < 10) {
      const upstream = await proxyUpstream("reviews.demo");
      if (upstream === "reviews/v2") {
        if (streak === 0) streakStart = Date.now();
        streak++;
      } else streak = 0;
      if (Date.now() - approvedAt > 2_000 && streak === 0)
        throw new Error(`traffic still reaches ${upstream} 2 s after approval`);
    }
    const movedAfterMs = streakStart - approvedAt;
    test.info().annotations.push({ type: "traffic moved after (ms)", description: String(movedAfterMs) });
    expect(movedAfterMs).toBeLessThanOrEqual(2_000);
    await expect(page.getByTestId("change-status")).toHaveText(/APPROVED|ROLLED OUT/);
    await shot(page, "change-approved");
  });

  await test.step("the proxy reports the new version as synced", async () => {
    await page.getByTestId("nav-proxies").click();
    const row = page.locator('[data-testid^="proxy-row-"]').first();
    await expect(row).toHaveAttribute("data-state", "synced");
    await expect.poll(async () => Number(await row.getAttribute("data-version"))).toBeGreaterThan(baseline);
    await expect(page.getByTestId("latest-version")).toHaveText(String(baseline + 1));
    await shot(page, "proxies-synced");
  });

  await test.step("metrics per version show reviews/v2 rising", async () => {
    await page.getByTestId("nav-metrics").click();
    await page.getByText("Per version").click();
    const v2 = page.getByTestId("metric-row-reviews/v2");
    await expect(v2).toBeVisible();
    const first = Number(await v2.getAttribute("data-rps"));
    await expect
      .poll(async () => Number(await v2.getAttribute("data-rps")), { timeout: 15_000 })
      .toBeGreaterThan(Math.max(first, 1));
    await shot(page, "metrics-per-version");
  });
});
