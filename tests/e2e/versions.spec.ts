import { expect, test } from "@playwright/test";
import {
  apiRequest,
  approveAs,
  ensureRunning,
  login,
  proxyUpstream,
  reviewsSplit,
  shot,
  submitAndSignOut,
} from "./helpers.ts";

/** The YAML of a version without its header comment (which names the version number and hash). */
const body = (yaml: string) =>
  yaml
    .split("\n")
    .filter((l) => !l.startsWith("#"))
    .join("\n");

test("an editor rolls back to version 1 through a reviewed change; the proxy serves version 1's config again", async ({
  page,
  baseURL,
}) => {
  let changeId = "";
  // A running config that differs from the seeded version 1 (reviews 80/20): all reviews traffic on v2.
  await ensureRunning(baseURL!, "e2e: all reviews traffic on v2", reviewsSplit(0, 100));

  await test.step("alice sees the version history and rolls back to v1", async () => {
    await login(page, "alice", "/changes");
    const history = page.getByTestId("version-history");
    await expect(history.getByTestId("version-row-1")).toContainText("initial config");
    const latest = (await (await apiRequest(page, "GET", "/api/versions")).json()).versions[0].version as number;
    expect(latest).toBeGreaterThan(1);
    await expect(history.getByTestId(`version-row-${latest}`)).toContainText("(running)");
    // The running version cannot be "rolled back to".
    await expect(history.getByTestId(`rollback-${latest}`)).toHaveCount(0);
    await shot(page, "versions-history");
    await history.getByTestId("rollback-1").click();
    await expect(page).toHaveURL(/\/changes\/[^/]+$/);
    changeId = page.url().split("/").pop()!;
    await expect(page.getByRole("heading", { name: "Roll back to version 1" })).toBeVisible();
    await expect(page.getByTestId("change-status")).toHaveAttribute("data-value", "DRAFT");
    await expect(page.getByTestId("change-diff")).toContainText("reviews");
    await submitAndSignOut(page);
  });

  await test.step("bob approves; the running config is version 1's again and traffic splits 80/20", async () => {
    await approveAs(page, "bob", changeId);
    const running = await (await apiRequest(page, "GET", "/api/export")).text();
    const v1 = await (await apiRequest(page, "GET", "/api/export?version=1")).text();
    expect(body(running)).toBe(body(v1));
    // reviews v1 gets traffic again (it had 0 % before the rollback).
    await expect
      .poll(
        async () => {
          const seen = await Promise.all(Array.from({ length: 30 }, () => proxyUpstream("reviews.demo")));
          return seen.includes("reviews/v1") && seen.includes("reviews/v2");
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    // Viewers and approvers see the history but no rollback button.
    await page.getByTestId("nav-changes").click();
    await expect(page.getByTestId("version-history").getByTestId("version-row-1")).toBeVisible();
    await expect(page.getByTestId("version-history").getByRole("button", { name: /Roll back/ })).toHaveCount(0);
  });
});
