import { expect, test } from "@playwright/test";
import type { MeshConfig, Route } from "@/lib/core/index.ts";
import { apiRequest, loginWithCleanDraft, shot } from "./helpers.ts";

/**
 * Two Gateway API routes share a host on a gateway: the Routes page shows the merged list in precedence order (the
 * younger route's exact match first), with the reason for each place. Only the draft changes; it is discarded after.
 */
test("the Routes page shows the effective order of merged routes and why", async ({ page }) => {
  await loginWithCleanDraft(page, "alice", "/routes");
  const draft = (await (await apiRequest(page, "GET", "/api/changes/draft")).json()) as {
    id: string;
    revision: number;
    proposed: MeshConfig;
  };
  const mesh = structuredClone(draft.proposed);
  const svc = mesh.services[0]!;
  const to = [{ service: svc.name, version: svc.versions[0]!.name, weight: 100 }];
  const route = (
    name: string,
    creationOrder: number,
    uri: Route["rules"][number]["matches"][number]["uri"],
  ): Route => ({
    name,
    semantics: "gateway-api",
    creationOrder,
    hosts: ["order.demo"],
    gateways: ["order-gw"],
    listenerRefs: [],
    rules: [{ name: "", matches: [{ uri, methods: [], headers: [], queryParams: [] }], destinations: to }],
  });
  mesh.gateways.push({ name: "order-gw", listeners: [{ name: "http", port: 8089, protocol: "HTTP", hosts: ["*"] }] });
  mesh.routes.push(route("order-old", 1000, { type: "pathPrefix", value: "/" }));
  mesh.routes.push(route("order-new", 1001, { type: "exact", value: "/checkout" }));
  const put = await apiRequest(page, "PUT", `/api/changes/${draft.id}`, { revision: draft.revision, proposed: mesh });
  expect(put.status(), await put.text()).toBe(200);

  await page.reload();
  const group = page.getByTestId("order-order-gw/order.demo");
  await expect(group).toBeVisible();
  const rows = group.locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("order-new");
  await expect(rows.nth(0)).toContainText("exact path /checkout");
  await expect(rows.nth(1)).toContainText("order-old");
  await expect(rows.nth(1)).toContainText("prefix / (0 chars)");
  await expect(page.getByTestId("route-order-new")).toContainText("Gateway API precedence");
  await group.scrollIntoViewIfNeeded();
  await shot(page, "routes-effective-order");

  expect((await apiRequest(page, "POST", `/api/changes/${draft.id}/discard`)).status()).toBe(200);
});
