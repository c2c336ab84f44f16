import { expect, test } from "@playwright/test";
import type { MeshConfig } from "@/lib/core/index.ts";
import { ApiSession } from "../helpers/api-session.ts";
import { bookinfoSidecars } from "../../lib/core/demo/bookinfo.ts";
import { sidecarNodeId } from "../../scripts/demo/sidecars.ts";
import { login, reviewsSplit, shot, USERS } from "./helpers.ts";

/**
 * The shared demo token, which the loopback-only demo console accepts from any proxy (npm start's own proxies join
 * with their own identities).
 */
const DEMO_PROXY_TOKEN = "signalbox-dev-proxy-token";

test("a change page shows its rollout live: synced, rejected and pending proxies, propagation and every NACK", async ({
  page,
  baseURL,
}) => {
  // alice proposes a new reviews split, bob approves it: version V.
  const alice = await ApiSession.login(baseURL!, "alice", USERS.alice.password);
  const running = await alice.call("GET", "/api/mesh");
  const mesh = structuredClone(running.body.mesh) as MeshConfig;
  reviewsSplit(43, 57)(mesh);
  const created = await alice.call("POST", "/api/changes", { title: "rollout view", proposed: mesh });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  expect((await alice.call("POST", `/api/changes/${id}/submit`)).status).toBe(200);
  const bob = await ApiSession.login(baseURL!, "bob", USERS.bob.password);
  const approved = await bob.call("POST", `/api/changes/${id}/approve`, { note: "" });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  const version = approved.body.producedVersion as number;

  // A second proxy refuses it, twice with the same error.
  for (let i = 0; i < 2; i++) {
    const nack = await fetch(`${baseURL}/api/xds/nack`, {
      method: "POST",
      headers: { authorization: `Bearer ${DEMO_PROXY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ node: "edge-refuses", version, runningVersion: version - 1, error: "port 80 in use" }),
    });
    expect(nack.status).toBe(200);
  }

  await login(page, "bob", `/changes/${id}`);
  await page.goto(`/changes/${id}`);
  const rollout = page.getByTestId("change-rollout");
  await expect(rollout).toContainText(`Rollout of version ${version}`);
  // edge-1, the demo proxy, takes it by long-poll; the page follows without a reload.
  await expect(page.getByTestId("rollout-proxy-edge-1")).toHaveAttribute("data-state", "synced");
  // …and so do the demo's sidecars (npm start's mesh demo).
  const sidecars = bookinfoSidecars().map(sidecarNodeId);
  for (const node of sidecars)
    await expect(page.getByTestId(`rollout-proxy-${node}`)).toHaveAttribute("data-state", "synced");
  await expect(page.getByTestId("rollout-synced")).toHaveAttribute("data-value", String(1 + sidecars.length));
  await expect(page.getByTestId("rollout-rejected")).toHaveAttribute("data-value", "1");
  await expect(page.getByTestId("rollout-pending")).toHaveAttribute("data-value", "0");
  await expect(page.getByTestId("rollout-p50")).toHaveText(/^\d+ ms$/);
  await expect(page.getByTestId("rollout-max")).toHaveText(/^\d+ ms$/);
  const nack = page.getByTestId("rollout-nack-edge-refuses");
  await expect(nack).toContainText("port 80 in use");
  await expect(nack).toContainText("×2");
  await expect(page.getByTestId("rollout-proxy-edge-refuses")).toHaveAttribute("data-state", "rejected");
  await shot(page, "change-rollout");
});
