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

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test.describe("the demo at 1280 px", () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test("topology: the mesh edges' labels cover no node, no weight control, no other label, and stay in the canvas", async ({
    page,
  }) => {
    await login(page, "victor", "/topology");
    const labels = page.locator(".mesh-edge-label");
    await expect(page.getByTestId("mesh-edge-productpage-reviews-v2")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("mesh-edge-reviews-ratings-v1")).toBeVisible({ timeout: 30_000 });
    // The view re-fits once to make room for the labels; boxes are read after it settled.
    await page.waitForTimeout(1_000);
    const boxesOf = async (selector: string) =>
      (await page.locator(selector).evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height, what: el.getAttribute("data-testid") ?? el.id };
        }),
      )) as (Box & { what: string })[];
    const labelBoxes = await boxesOf(".mesh-edge-label");
    expect(labelBoxes.length).toBe(await labels.count());
    const nodes = await boxesOf(".react-flow__node-service, .react-flow__node-version, .react-flow__node-route");
    const controls = await boxesOf(".weight-control");
    const canvas = (await page.locator(".react-flow").boundingBox())!;
    const minimap = (await page.locator(".react-flow__minimap").boundingBox())!;
    expect(nodes.length).toBeGreaterThan(8);
    for (const [i, l] of labelBoxes.entries()) {
      for (const n of [...nodes, ...controls]) expect(overlap(l, n), `${l.what} over ${n.what}`).toBe(false);
      for (const other of labelBoxes.slice(i + 1))
        expect(overlap(l, other), `${l.what} over ${other.what}`).toBe(false);
      expect(overlap(l, minimap), `${l.what} under the minimap`).toBe(false);
      expect(l.x >= canvas.x && l.x + l.width <= canvas.x + canvas.width, `${l.what} inside the canvas`).toBe(true);
    }
    await shot(page, "topology-mesh-labels-1280");
  });

  test("proxies: every count on the page agrees with the proxies table; the labels' edit button stands apart", async ({
    page,
  }) => {
    await login(page, "carol", "/proxies");
    const rows = page.getByTestId("proxies-table").locator("tbody tr");
    // edge-1 and the four sidecars, and any proxy an earlier spec ran (the suite shares one console).
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(5);
    const n = await rows.count();
    await expect(page.locator(".page-header")).toContainText(new RegExp(`\\d+/${n} synced`));
    const cell = page.getByTestId("proxy-row-reviews-v3-sidecar").getByTestId("proxy-labels");
    const dash = (await cell.locator(".muted").boundingBox())!;
    const edit = (await cell.getByTestId("proxy-labels-edit").boundingBox())!;
    expect(edit.x - (dash.x + dash.width), "space between — and edit").toBeGreaterThanOrEqual(4);
    // Proxies that reported endpoint health: all of them, or fewer with the idle ones named (reviews/v3 gets no
    // traffic; a proxy an earlier spec stopped reports nothing).
    await expect(page.getByTestId("endpoint-health-summary")).toHaveText(
      new RegExp(
        `^\\d+ of \\d+ endpoint reports healthy: \\d+ endpoints seen by (${n} proxies|\\d+ of ${n} proxies; no report from [a-z0-9-]+(, [a-z0-9-]+)* in the last 30 s .*)\\.$`,
      ),
      { timeout: 15_000 },
    );
    await shot(page, "proxies-1280");
  });
});
