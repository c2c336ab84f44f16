import { expect, test } from "@playwright/test";
import type { MeshConfig } from "@/lib/core/index.ts";
import { ApiSession } from "../helpers/api-session.ts";
import { login, reviewsSplit, shot, USERS } from "./helpers.ts";

test("a staged rollout shows its stages live on the change page, and abort restores the previous config", async ({
  page,
  baseURL,
}) => {
  const alice = await ApiSession.login(baseURL!, "alice", USERS.alice.password);
  const mesh = structuredClone((await alice.call("GET", "/api/mesh")).body.mesh) as MeshConfig;
  const before = mesh.routes.find((r) => r.name === "reviews")!.rules[0]!.destinations.map((d) => d.weight);
  reviewsSplit(61, 39)(mesh);
  const created = await alice.call("POST", "/api/changes", { title: "staged split", proposed: mesh });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  expect((await alice.call("POST", `/api/changes/${id}/submit`)).status).toBe(200);

  // bob approves on the page, choosing a staged plan: the demo proxy (gateway edge) first, a long bake.
  await login(page, "bob", `/changes/${id}`);
  await page.goto(`/changes/${id}`);
  await page.getByTestId("rollout-plan-mode").selectOption("selector");
  await page.getByTestId("rollout-selector").fill("gateway=edge");
  await page.getByTestId("rollout-bake").fill("600");
  await page.getByTestId("approve-change").click();
  const staged = page.getByTestId("staged-rollout");
  await expect(staged).toHaveAttribute("data-state", "BAKING");
  await expect(staged).toContainText("gateway=edge first, bake 600s, then the rest");
  await expect(page.getByTestId("rollout-stage-1")).toHaveAttribute("data-state", "baking");
  await expect(page.getByTestId("rollout-stage-1")).toContainText("edge-1");
  await expect(page.getByTestId("rollout-stage-2")).toHaveAttribute("data-state", "waiting");
  await expect(page.getByTestId("rollout-proxy-edge-1")).toHaveAttribute("data-state", "synced");
  await shot(page, "staged-rollout-baking");

  await page.getByTestId("rollout-abort").click();
  await expect(staged).toHaveAttribute("data-state", "ABORTED");
  await expect(page.getByTestId("staged-rollout-reason")).toContainText("restored version");
  const running = (await alice.call("GET", "/api/mesh")).body.mesh as MeshConfig;
  expect(running.routes.find((r) => r.name === "reviews")!.rules[0]!.destinations.map((d) => d.weight)).toEqual(before);
  await shot(page, "staged-rollout-aborted");

  // The Proxies page shows the labels rollouts select on; an editor adds one.
  await page.goto("/proxies");
  await expect(page.getByTestId("proxy-row-edge-1").getByTestId("proxy-labels")).toContainText("gateway=edge");
});

test("an admin sets the default rollout plan on the Proxies page (validated before it is sent); a viewer only sees it", async ({
  page,
  baseURL,
}) => {
  const carol = await ApiSession.login(baseURL!, "carol", USERS.carol.password);
  try {
    await login(page, "carol", "/proxies");
    await page.goto("/proxies");
    const setting = page.getByTestId("default-plan");
    await expect(setting.getByTestId("default-plan-text")).toHaveText("all at once");
    await expect(setting.getByTestId("default-plan-source")).toContainText("from the environment");
    await setting.getByTestId("default-plan-edit").click();
    await setting.getByTestId("rollout-plan-mode").selectOption("selector");
    // Validated before it is sent: a selector needs key=value.
    await setting.getByTestId("rollout-selector").fill("gateway");
    await expect(setting.getByTestId("default-plan-invalid")).toContainText("Selector");
    await expect(setting.getByTestId("default-plan-save")).toBeDisabled();
    await setting.getByTestId("rollout-selector").fill("gateway=edge");
    await setting.getByTestId("rollout-bake").fill("90");
    await setting.getByTestId("default-plan-save").click();
    await expect(setting.getByTestId("default-plan-text")).toHaveText("gateway=edge first, bake 90s, then the rest");
    await expect(setting.getByTestId("default-plan-source")).toContainText("set by carol");
    await setting.scrollIntoViewIfNeeded();
    await shot(page, "default-rollout-plan");
    const listed = (await carol.call("GET", "/api/rollouts")).body;
    expect(listed.defaultPlan).toMatchObject({ mode: "staged", selector: { gateway: "edge" }, bakeSeconds: 90 });

    // A viewer sees it without the editor.
    await page.context().clearCookies();
    await login(page, "victor", "/proxies");
    await page.goto("/proxies");
    await expect(page.getByTestId("default-plan-text")).toHaveText("gateway=edge first, bake 90s, then the rest");
    await expect(page.getByTestId("default-plan-edit")).toHaveCount(0);

    await page.context().clearCookies();
    await login(page, "carol", "/proxies");
    await page.goto("/proxies");
    await page.getByTestId("default-plan-edit").click();
    await page.getByTestId("rollout-plan-mode").selectOption("all-at-once");
    await page.getByTestId("default-plan-save").click();
    await expect(page.getByTestId("default-plan-text")).toHaveText("all at once");
  } finally {
    // Other specs approve with the default plan: it must be all at once again whatever happened above.
    await carol.call("PUT", "/api/rollouts/default-plan", { plan: { mode: "all-at-once" } });
  }
});
