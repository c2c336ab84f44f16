import { expect, test } from "@playwright/test";
import { login, shot, throughProxy } from "./helpers.ts";

/** A service's SPIFFE ID under the console's CA, whatever trust domain it generated. */
const spiffe = (service: string) => new RegExp(`spiffe://[^/\\s]+/ns/default/sa/${service}`);

/** One request through the demo's edge gateway: status (0 while edge-1 is not listening yet) and body. */
const throughEdge = (host: string) => throughProxy(host, "/").catch((e: unknown) => ({ status: 0, body: String(e) }));

test("the npm start demo: productpage → reviews → ratings through sidecars, the topology's edges locked with identities", async ({
  page,
}) => {
  // npm start runs a sidecar beside productpage/v1, reviews/v2, reviews/v3 and ratings/v1, each joined with its own
  // join token; the seeded mesh is STRICT and edge-1 calls the STRICT services with mTLS (auto mTLS).
  await expect.poll(async () => (await throughEdge("productpage.demo")).status, { timeout: 60_000 }).toBe(200);
  const served = JSON.parse((await throughEdge("productpage.demo")).body) as {
    xfcc?: string;
    calls?: Record<string, { status: number }>;
  };
  expect(served.xfcc).toMatch(
    /^By=spiffe:\/\/[^;]+\/ns\/default\/sa\/productpage;URI=spiffe:\/\/[^;]+\/proxy\/edge-1$/,
  );
  expect(served.calls?.["reviews.demo"]?.status).toBe(200);

  await login(page, "victor", "/topology");
  const toReviews = page.getByTestId("mesh-edge-productpage-reviews-v2");
  const toRatings = page.getByTestId("mesh-edge-reviews-ratings-v1");
  await expect(toRatings).toBeVisible({ timeout: 30_000 });
  await expect(toReviews).toBeVisible({ timeout: 30_000 });
  for (const [edge, caller] of [
    [toReviews, "productpage"],
    [toRatings, "reviews"],
  ] as const) {
    await expect(edge).toHaveAttribute("data-mtls", "locked");
    await expect(edge).toContainText("mTLS");
    await expect(edge).not.toContainText("permissive");
    await expect(edge).toContainText(spiffe(caller));
    await expect(edge).toContainText("rps");
  }
  await shot(page, "topology-mesh-demo");

  // The Security page: each sidecar's own identity from its join, the modes, and the same locked edges.
  await login(page, "carol", "/security");
  for (const node of ["productpage-v1-sidecar", "reviews-v2-sidecar", "reviews-v3-sidecar", "ratings-v1-sidecar"])
    await expect(page.getByTestId(`identity-row-${node}`).first()).toBeVisible();
  await expect(page.getByTestId("identity-row-edge-1").first()).toBeVisible();
  const section = page.getByTestId("mesh-mtls-section");
  await expect(section.getByTestId("mesh-mtls-mode-ratings-v1")).toHaveAttribute("data-mode", "STRICT");
  await expect(section.getByTestId("mesh-mtls-mode-reviews-v1")).toHaveAttribute("data-mode", "DISABLE");
  const row = section.getByTestId("mesh-mtls-edge-reviews-ratings-v1");
  await expect(row).toContainText(spiffe("reviews"));
  await expect(row.locator("[data-mtls]")).toHaveAttribute("data-mtls", "locked");
  await section.scrollIntoViewIfNeeded();
  await shot(page, "security-mesh-mtls");
});
