import { expect, test } from "@playwright/test";
import { approveAs, loginWithCleanDraft, PROXY_PORT, proxyStatus, shot, submitAndSignOut } from "./helpers.ts";

test("a rule matching the listener port, set in the match form, takes requests on that port", async ({ page }) => {
  const rule = "rule-ratings-0";
  const policy = "policy-ratings-0";
  let changeId = "";

  await test.step("alice adds a rule matching x-port and the proxy's listener port, answering 418", async () => {
    await loginWithCleanDraft(page, "alice", "/routes");
    const route = page.getByTestId("route-ratings");
    await route.getByTestId("route-ratings-add-rule").click();
    await expect(route.getByTestId("rule-ratings-1")).toBeVisible();
    await route.getByTestId(`${rule}-m0-headers-add`).click();
    await route.getByTestId(`${rule}-m0-headers-0-name`).fill("x-port");
    await route.getByTestId(`${rule}-m0-headers-0-type`).selectOption("exact");
    await route.getByTestId(`${rule}-m0-headers-0-value`).fill("yes");
    await route.getByTestId(`${rule}-m0-port`).fill(String(PROXY_PORT));
    await route.getByTestId(`${policy}-fault-toggle`).click();
    await route.getByTestId(`${policy}-fault-abort-on`).check();
    await route.getByTestId(`${policy}-fault-abort-percent`).fill("100");
    await route.getByTestId(`${policy}-fault-abort-status`).fill("418");
    await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
    await expect(route.getByTestId(`${rule}-m0`)).toContainText(`port ${PROXY_PORT}`);
    await route.getByTestId(`${rule}-m0`).scrollIntoViewIfNeeded();
    await shot(page, "match-port-rule");
    await page.getByTestId("review-draft").click();
    await expect(page).toHaveURL(/\/changes\/[^/]+$/);
    changeId = page.url().split("/").pop()!;
    await submitAndSignOut(page);
  });

  await test.step("bob approves; requests on that listener port with the header get the rule's answer", async () => {
    await approveAs(page, "bob", changeId);
    await expect.poll(() => proxyStatus("ratings.demo", { "x-port": "yes" }), { timeout: 5_000 }).toBe(418);
    expect(await proxyStatus("ratings.demo")).toBe(200);
  });
});
