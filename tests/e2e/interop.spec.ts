import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { login, shot } from "./helpers.ts";

const REVIEWS_V3 = readFileSync(
  "/work/shared/reference/istio/samples/bookinfo/networking/virtual-service-reviews-v3.yaml",
  "utf8",
);

const BROKEN_YAML = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews
  http:
  - route:
    - destination:
        host: reviews
`;

/** Fills the textarea the way a paste does (one input event with the whole text). */
async function pasteYaml(page: Page, yaml: string): Promise<void> {
  await page.getByTestId("import-yaml").fill(yaml);
}

test("an editor imports an Istio VirtualService as a draft change", async ({ page }) => {
  await login(page, "alice", "/import");
  await expect(page.getByTestId("import-empty")).toBeVisible();
  await expect(page.getByTestId("import-check")).toBeDisabled();
  await expect(page.getByTestId("import-create")).toBeDisabled();
  await shot(page, "interop-import-empty");

  await pasteYaml(page, REVIEWS_V3);
  await page.getByTestId("import-check").click();
  const doc = page.getByTestId("import-report").getByTestId("import-doc");
  await expect(doc).toHaveCount(1);
  await expect(doc).toHaveAttribute("data-kind", "VirtualService");
  await expect(doc).toHaveAttribute("data-name", "reviews");
  await expect(doc.getByTestId("import-doc-status")).toHaveText("imported");
  await expect(page.getByTestId("import-ok")).toHaveAttribute("data-value", "true");
  await expect(
    page.getByTestId("import-diff").getByTestId("diff-entry").filter({ hasText: "reviews" }).first(),
  ).toBeVisible();
  await expect(page.getByTestId("import-create")).toBeEnabled();
  await shot(page, "interop-import-checked");

  // Editing the YAML after the check invalidates it until the next check.
  await pasteYaml(page, `${REVIEWS_V3}\n`);
  await expect(page.getByTestId("import-create")).toBeDisabled();
  await page.getByTestId("import-check").click();
  await expect(page.getByTestId("import-create")).toBeEnabled();

  await page.getByTestId("import-title").fill("Send reviews to v3");
  await page.getByTestId("import-create").click();
  const link = page.getByTestId("import-change-link");
  await expect(link).toBeVisible();
  await expect(page.getByTestId("import-create")).toBeDisabled();
  await shot(page, "interop-import-created");

  await link.click();
  await expect(page).toHaveURL(/\/changes\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "Send reviews to v3" })).toBeVisible();
  await expect(page.getByTestId("change-status")).toHaveAttribute("data-value", "DRAFT");
  await expect(page.getByTestId("change-diff")).toContainText("reviews");
  await shot(page, "interop-import-change");

  // The change exports as YAML before it is approved, whole or one service at a time.
  await page.getByTestId("export-change").click();
  await expect(page).toHaveURL(/\/export\?change=/);
  await expect(page.getByTestId("export-version").locator("option:checked")).toHaveText(
    /Send reviews to v3 · draft · alice/,
  );
  const yaml = page.getByTestId("export-yaml");
  await expect(yaml).toContainText("subset: v3");
  await expect(yaml).toContainText("name: ratings");
  await page.getByTestId("export-service").selectOption("reviews");
  await expect(yaml).not.toContainText("ratings");
  await expect(yaml).toContainText("subset: v3");
  await expect(yaml).not.toContainText("subset: v1");
  const href = (await page.getByTestId("export-download").getAttribute("href"))!;
  expect(href).toContain("service=reviews");
  expect(href).toMatch(/change=[^&]+/);
  await shot(page, "interop-export-change-service");
  await page.goBack();
  await expect(page.getByTestId("change-status")).toHaveAttribute("data-value", "DRAFT");

  // Discard it from its page (an author may); the other specs start from a clean draft of their own anyway.
  const importedId = page.url().split("/").pop()!;
  await page.getByTestId("discard-change").click();
  await expect(page).toHaveURL(/\/changes$/);
  await expect(page.getByTestId(`change-row-${importedId}`)).toHaveAttribute("data-status", "DISCARDED");
});

test("broken YAML is reported with its line and cannot be imported", async ({ page }) => {
  await login(page, "alice", "/import");
  // A file is read in the browser into the same textarea.
  await page
    .getByTestId("import-file")
    .setInputFiles({ name: "broken.yaml", mimeType: "application/yaml", buffer: Buffer.from(BROKEN_YAML) });
  await expect(page.getByTestId("import-yaml")).toHaveValue(BROKEN_YAML);
  await expect(page.locator("#import-file-note")).toContainText("Loaded broken.yaml");
  await page.getByTestId("import-check").click();
  const doc = page.getByTestId("import-report").getByTestId("import-doc");
  await expect(doc).toHaveCount(1);
  await expect(doc).toHaveAttribute("data-status", "invalid");
  await expect(doc.getByTestId("import-doc-issue").first()).toContainText(/line \d+(:\d+)?/);
  await expect(page.getByTestId("import-ok")).toHaveAttribute("data-value", "false");
  await expect(page.getByTestId("import-create")).toBeDisabled();
  await shot(page, "interop-import-broken");
});

test("the API reference lists every operation with its required role", async ({ page }) => {
  await login(page, "alice", "/api-docs");
  const approve = page.locator('[data-testid="api-op"][data-method="POST"][data-path="/api/changes/{id}/approve"]');
  await expect(approve).toBeVisible();
  await expect(approve.getByTestId("op-access")).toHaveText("role: approve");
  await expect(approve.getByTestId("op-params")).toContainText("id");
  await approve.getByTestId("op-request-schema").locator("summary").click();
  await expect(approve.getByTestId("op-request-schema").locator("pre")).toContainText('"note"');
  await expect(page.getByTestId("api-group-tokens")).toBeVisible();
  await shot(page, "interop-api-docs");

  await page.getByTestId("api-filter").fill("import");
  await expect(page.getByTestId("api-op")).toHaveCount(1);
  await expect(page.getByTestId("api-op")).toHaveAttribute("data-path", "/api/import");
  await page.getByTestId("api-op").getByTestId("op-request-schema").locator("summary").click();
  await shot(page, "interop-api-docs-filtered");
});

test("an API token works as a bearer token until it is revoked", async ({ page, baseURL }) => {
  await login(page, "alice", "/tokens");
  await expect(page.getByTestId("token-role").locator("option")).toHaveText(["VIEWER", "EDITOR"]);
  const name = `e2e-script-${Date.now()}`;
  await page.getByTestId("token-name").fill(name);
  await page.getByTestId("token-create").click();
  const secretBox = page.getByTestId("token-secret");
  await expect(secretBox).toBeVisible();
  const secret = await secretBox.inputValue();
  expect(secret.length).toBeGreaterThan(20);
  const row = page.locator(`[data-testid^="token-row-"][data-name="${name}"]`);
  await expect(row).toHaveAttribute("data-revoked", "false");
  await shot(page, "interop-tokens-created");

  const me = async () => fetch(`${baseURL}/api/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
  const ok = await me();
  expect(ok.status).toBe(200);
  expect(((await ok.json()) as { user: { username: string } }).user.username).toBe("alice");

  // Shown once: gone after dismissing, and not there after a reload.
  await page.getByTestId("token-secret-dismiss").click();
  await expect(page.getByTestId("token-secret")).toHaveCount(0);
  await page.reload();
  await expect(row).toBeVisible();
  await expect(page.getByTestId("token-secret")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(secret);

  const id = ((await row.getAttribute("data-testid")) ?? "").replace("token-row-", "");
  await page.getByTestId(`token-revoke-${id}`).click();
  await page.getByTestId(`token-revoke-confirm-${id}`).click();
  await expect(row).toHaveAttribute("data-revoked", "true");
  await shot(page, "interop-tokens-revoked");
  expect((await me()).status).toBe(401);
});

test("a viewer may read the API reference but not import, and only delegates VIEWER", async ({ page }) => {
  await login(page, "victor", "/import");
  await expect(page.getByTestId("import-forbidden")).toBeVisible();
  await expect(page.getByTestId("import-yaml")).toBeDisabled();
  await expect(page.getByTestId("import-check")).toBeDisabled();
  await shot(page, "interop-import-viewer");
  await page.goto("/tokens");
  await expect(page.getByTestId("token-role").locator("option")).toHaveText(["VIEWER"]);
});
