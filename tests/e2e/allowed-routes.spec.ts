import { expect, test } from "@playwright/test";
import type { MeshConfig } from "@/lib/core/index.ts";
import { apiRequest, approveAs, ensureRunning, loginWithCleanDraft, shot, submitAndSignOut } from "./helpers.ts";

/** A gateway of its own (no proxy serves it) and a route of namespace shop bound to it, unlabelled. */
const shopSetup = (mesh: MeshConfig) => {
  mesh.gateways = mesh.gateways.filter((g) => g.name !== "shop-gw");
  mesh.gateways.push({ name: "shop-gw", listeners: [{ name: "http", port: 8090, protocol: "HTTP", hosts: ["*"] }] });
  mesh.routes = mesh.routes.filter((r) => r.name !== "shop-front");
  mesh.routes.push({
    name: "shop-front",
    namespace: "shop",
    semantics: "istio",
    creationOrder: 3000,
    hosts: ["shop.demo"],
    gateways: ["shop-gw"],
    listenerRefs: [],
    rules: [{ name: "", matches: [], destinations: [{ service: "productpage", version: "v1", weight: 100 }] }],
  });
  delete mesh.namespaces;
};

const shopRemoved = (mesh: MeshConfig) => {
  mesh.gateways = mesh.gateways.filter((g) => g.name !== "shop-gw");
  mesh.routes = mesh.routes.filter((r) => r.name !== "shop-front");
  delete mesh.namespaces;
};

/**
 * A listener is set to admit routes from namespaces labelled team=shop; the route of the unlabelled namespace shop
 * is flagged at the listener (SB311), a bad label key at its row; labelling shop lets the route in. Another user
 * approves, and the running config has both.
 */
test("a listener's allowed routes select namespaces by label, edited with the namespace's labels and approved", async ({
  page,
  baseURL,
}) => {
  await ensureRunning(baseURL!, "allowed-routes e2e setup", shopSetup);
  let changeId = "";

  await test.step("alice sets the listener to namespaces with team=shop: the route of shop is kept out", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await loginWithCleanDraft(page, "alice", "/gateways");
    const listener = page.getByTestId("gw-shop-gw-l0");
    const control = listener.getByTestId("gw-shop-gw-l0-allowed");
    await expect(listener.getByLabel("Allowed routes")).toHaveValue("Any");
    await expect(listener.getByLabel("Allowed routes").locator("option:checked")).toHaveText("All (any route)");
    await expect(control.getByTestId("gw-shop-gw-l0-allowed-kept-out")).toHaveCount(0);
    await listener.getByLabel("Allowed routes").selectOption("Selector");
    await control.getByLabel("New match label key").fill("team");
    await control.getByLabel("New match label value").fill("shop");
    await control.getByTestId("gw-shop-gw-l0-allowed-add-label").click();
    await expect(control.getByLabel("match label value of team")).toHaveValue("shop");
    const keptOut = control.getByTestId("gw-shop-gw-l0-allowed-kept-out");
    await expect(keptOut).toContainText("SB311");
    await expect(keptOut).toContainText("route shop-front (namespace shop) is not allowed here");
    await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
    await listener.scrollIntoViewIfNeeded();
    await shot(page, "allowed-routes-selector-kept-out");
  });

  await test.step("a bad label key is named at its row; labelling shop team=shop lets the route in", async () => {
    await page.getByTestId("gw-shop-gw-l0-allowed-namespaces-link").click();
    await expect(page).toHaveURL(/#namespaces$/);
    const shop = page.getByTestId("namespace-shop");
    await expect(shop).toContainText("1 route");
    await expect(page.getByTestId("namespace-shop-admitted")).toHaveText("none");
    await shop.getByLabel("New label key").fill("team shop");
    await shop.getByLabel("New label value").fill("x");
    await shop.getByLabel("New label value").press("Enter");
    await expect(shop.getByTestId("ns-shop-label-team shop")).toContainText(
      'label key "team shop" must be 1–63 letters, digits',
    );
    await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "error");
    await shot(page, "allowed-routes-bad-label-key");
    await shop.getByRole("button", { name: "Remove label team shop" }).click();
    await shop.getByLabel("New label key").fill("team");
    await shop.getByLabel("New label value").fill("shop");
    await shop.getByTestId("ns-shop-add-label").click();
    await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
    await expect(page.getByTestId("namespace-shop-admitted")).toHaveText("shop-gw/http");
    await expect(page.getByTestId("gw-shop-gw-l0-allowed-kept-out")).toHaveCount(0);
    await expect(page.getByTestId("gw-shop-gw-l0-allowed")).toContainText("Matches now: shop.");
    await page.getByTestId("namespaces-card").scrollIntoViewIfNeeded();
    await shot(page, "allowed-routes-namespace-labels");
    await page.getByTestId("gw-shop-gw-l0").scrollIntoViewIfNeeded();
    await shot(page, "allowed-routes-selector-admitted");
  });

  await test.step("the change shows both; bob approves; the running config has them", async () => {
    await page.getByTestId("review-draft").click();
    await expect(page).toHaveURL(/\/changes\/[^/]+$/);
    changeId = page.url().split("/").pop()!;
    await expect(page.getByTestId("change-diff")).toContainText("namespace shop added");
    await expect(page.getByTestId("change-diff")).toContainText("allowedRoutes");
    await submitAndSignOut(page);
    await approveAs(page, "bob", changeId);
    const running = (await (await apiRequest(page, "GET", "/api/mesh")).json()) as { mesh: MeshConfig };
    const gw = running.mesh.gateways.find((g) => g.name === "shop-gw")!;
    expect(gw.listeners[0]!.allowedRoutes).toEqual({
      from: "Selector",
      selector: { matchLabels: { team: "shop" }, matchExpressions: [] },
    });
    expect(running.mesh.namespaces).toEqual([{ name: "shop", labels: { team: "shop" } }]);
    const yaml = await (await apiRequest(page, "GET", "/api/export?format=gateway-api")).text();
    expect(yaml).toMatch(/kind: Namespace\nmetadata:\n {2}name: shop\n {2}labels:\n {4}team: shop/);
    expect(yaml).toMatch(/from: Selector\n\s+selector:\n\s+matchLabels:\n\s+team: shop/);
  });

  await ensureRunning(baseURL!, "allowed-routes e2e cleanup", shopRemoved);
});
