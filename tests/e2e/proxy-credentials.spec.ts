import { expect, test } from "@playwright/test";
import { login, shot } from "./helpers.ts";

/** A proxy's long-poll with a bearer secret, answered at once (waitMs=0): the status the console gives it. */
async function pollAs(baseURL: string, secret: string, node: string, gateway: string): Promise<number> {
  const res = await fetch(`${baseURL}/api/xds/snapshot?node=${node}&gateway=${gateway}&waitMs=0`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  await res.body?.cancel();
  return res.status;
}

test("an admin creates a proxy credential (secret shown once), the proxy uses it, and revoking cuts it off", async ({
  page,
  baseURL,
}) => {
  await login(page, "carol", "/proxies");
  await page.getByTestId("nav-proxies").click();
  const section = page.getByTestId("proxy-credentials");
  await expect(section).toBeVisible();

  await section.getByTestId("credential-node").fill("edge-7");
  await section.getByTestId("credential-gateway").fill("edge");
  await section.getByTestId("credential-create").click();
  const box = page.getByTestId("credential-secret-box");
  await expect(box).toContainText("edge-7");
  await expect(box).toContainText("shown only this once");
  const secret = await page.getByTestId("credential-secret").inputValue();
  expect(secret).toMatch(/^sbp_/);
  const row = page.locator('[data-testid^="credential-row-"][data-node="edge-7"]');
  await expect(row.getByTestId("credential-status")).toHaveAttribute("data-value", "active");
  await shot(page, "proxy-credentials-created");

  // The proxy polls with it, as itself; it appears on the page.
  expect(await pollAs(baseURL!, secret, "edge-7", "edge")).toBe(200);
  expect(await pollAs(baseURL!, secret, "edge-1", "edge")).toBe(403);
  await expect(page.getByTestId("proxy-row-edge-7")).toBeVisible();

  // Shown once: dismissed, and after a reload, the secret is nowhere on the page.
  await page.getByTestId("credential-secret-dismiss").click();
  await expect(box).toHaveCount(0);
  await page.reload();
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  const id = ((await row.getAttribute("data-testid")) ?? "").replace("credential-row-", "");
  await page.getByTestId(`credential-revoke-${id}`).click();
  await page.getByTestId(`credential-revoke-confirm-${id}`).click();
  await expect(row.getByTestId("credential-status")).toHaveAttribute("data-value", "revoked");
  expect(await pollAs(baseURL!, secret, "edge-7", "edge")).toBe(401);
  await shot(page, "proxy-credentials-revoked");
});

test("the credentials section is for admins only", async ({ page }) => {
  await login(page, "bob", "/proxies");
  await page.getByTestId("nav-proxies").click();
  await expect(page.getByTestId("proxies-table")).toBeVisible();
  await expect(page.getByTestId("proxy-credentials")).toHaveCount(0);
});
