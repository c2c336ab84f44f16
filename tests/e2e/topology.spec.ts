import { expect, test, type Page } from "@playwright/test";
import { approximateHandles } from "../../components/graph/handle-bounds.ts";
import type { MeshNode } from "../../components/graph/types.ts";
import { ensureRunning, login, proxyUpstream, reviewsSplit, shot } from "./helpers.ts";

/** Nodes the graph currently draws, by test id prefix. */
const drawn = (page: Page, kind: "route" | "service" | "gateway", name: string) =>
  page.getByTestId(`node-${kind}-${name}`);

test.beforeAll(async ({ baseURL }) => {
  await ensureRunning(baseURL!, "e2e: reviews 80/20", reviewsSplit(80, 20));
});

test("grouping by namespace and gateway, collapse and expand", async ({ page }) => {
  await login(page, "carol", "/topology");
  // The demo's services live in the `demo` namespace (reviews.demo.svc.cluster.local); gateways have a group of their own.
  await expect(page.getByTestId("group-namespace-demo")).toBeVisible();
  await expect(page.getByTestId("group-namespace-gateways")).toBeVisible();
  await expect(drawn(page, "service", "reviews")).toBeVisible();

  await page.getByTestId("group-toggle-namespace-demo").click();
  await expect(page.getByTestId("group-namespace-demo")).toHaveAttribute("data-collapsed", "true");
  await expect(page.getByTestId("group-namespace-demo")).toContainText("4 routes · 4 services");
  await expect(drawn(page, "service", "reviews")).toHaveCount(0);
  await expect(drawn(page, "route", "reviews")).toHaveCount(0);
  // The gateway's edges now end at the collapsed group.
  await expect(page.locator(".react-flow__edge.edge-aggregate")).toHaveCount(1);
  await shot(page, "topology-collapsed");

  await page.getByTestId("group-toggle-namespace-demo").click();
  await expect(drawn(page, "service", "reviews")).toBeVisible();
  await expect(page.locator(".react-flow__edge.edge-aggregate")).toHaveCount(0);

  await page.getByTestId("collapse-all").click();
  await expect(page.locator('[data-collapsed="true"]')).toHaveCount(2);
  await expect(drawn(page, "gateway", "edge")).toHaveCount(0);
  await page.getByTestId("expand-all").click();
  await expect(drawn(page, "gateway", "edge")).toBeVisible();

  await page.getByTestId("topology-grouping").selectOption("gateway");
  await expect(page.getByTestId("group-gateway-edge")).toBeVisible();
  await expect(page.getByTestId("group-namespace-demo")).toHaveCount(0);
  await expect(page.getByTestId("group-gateway-edge")).toContainText("1 gateway · 4 routes · 4 services");
  await page.getByTestId("topology-grouping").selectOption("none");
  await expect(page.locator(".group-frame")).toHaveCount(0);
  await expect(drawn(page, "route", "reviews")).toBeVisible();
});

test("search highlights matches and opens the groups hiding them", async ({ page }) => {
  await login(page, "carol", "/topology");
  await page.getByTestId("group-toggle-namespace-demo").click();
  await expect(drawn(page, "route", "ratings")).toHaveCount(0);

  await page.getByTestId("topology-search").fill("rating");
  await page.getByTestId("topology-search").press("Enter");
  await expect(page.getByTestId("topology-search-count")).toHaveText("2 matches");
  await expect(drawn(page, "route", "ratings")).toBeVisible();
  const matched = page.locator(".react-flow__node.is-match");
  await expect(matched).toHaveCount(2);
  await expect(matched.getByTestId("node-route-ratings")).toHaveCount(1);
  await expect(matched.getByTestId("node-service-ratings")).toHaveCount(1);
  await shot(page, "topology-search");

  await page.getByTestId("topology-search").fill("no-such-thing");
  await page.getByTestId("topology-search-go").click();
  await expect(page.getByTestId("topology-search-count")).toHaveText("0 matches");
  await expect(matched).toHaveCount(0);
});

test("focus on a service shows its neighbourhood, n hops", async ({ page }) => {
  await login(page, "carol", "/topology");
  // The service's header (its middle holds its version's node).
  await drawn(page, "service", "details").click({ position: { x: 40, y: 12 } });
  await page.getByTestId("focus-hops").selectOption("1");
  await page.getByTestId("focus-service").click();
  await expect(page.getByTestId("focus-banner")).toContainText("details");
  await expect(drawn(page, "service", "details")).toBeVisible();
  await expect(drawn(page, "route", "details")).toBeVisible();
  await expect(drawn(page, "gateway", "edge")).toHaveCount(0);
  await expect(drawn(page, "route", "reviews")).toHaveCount(0);
  await shot(page, "topology-focus");

  // Two hops reach the gateway; three reach the gateway's other routes.
  await page.getByTestId("focus-banner-hops").selectOption("2");
  await expect(drawn(page, "gateway", "edge")).toBeVisible();
  await expect(drawn(page, "route", "reviews")).toHaveCount(0);
  await page.getByTestId("focus-banner-hops").selectOption("3");
  await expect(drawn(page, "route", "reviews")).toBeVisible();
  await expect(drawn(page, "service", "reviews")).toHaveCount(0);

  await page.getByTestId("focus-clear").click();
  await expect(page.getByTestId("focus-banner")).toHaveCount(0);
  await expect(drawn(page, "service", "reviews")).toBeVisible();
});

test("live traffic: edges and nodes show requests/s, errors and p99; an edge opens its chart", async ({ page }) => {
  // Real requests through the proxy to reviews (80/20 between v1 and v2).
  const answered = { "reviews/v1": 0, "reviews/v2": 0 } as Record<string, number>;
  for (let i = 0; i < 40; i++) {
    const upstream = await proxyUpstream("reviews.demo");
    if (upstream) answered[upstream] = (answered[upstream] ?? 0) + 1;
  }
  expect(answered["reviews/v1"]).toBeGreaterThan(0);

  await login(page, "carol", "/topology");
  await expect(page.getByTestId("traffic-window")).toHaveValue("60");
  const v1 = page.getByTestId("weight-reviews-0-reviews-v1-traffic");
  await expect(v1).toHaveText(/^[\d.]+ rps · [\d.]+% err · p99 [\d.]+ ms$/);
  // At least the requests this test sent, averaged over the 60 s window.
  await expect
    .poll(async () => Number(await v1.getAttribute("data-rps")))
    .toBeGreaterThanOrEqual(answered["reviews/v1"]! / 60 - 1e-9);
  await expect(page.getByTestId("traffic-route-reviews")).toContainText("rps");
  await expect(page.getByTestId("traffic-version-reviews-v1")).toContainText("rps");
  // No 5xx from the demo's reviews: healthy (green) by Kiali's thresholds.
  await expect(v1).toHaveClass(/health-healthy/);
  await expect(page.locator(".react-flow__edge-path.weight-edge.health-healthy").first()).toBeAttached();
  await shot(page, "topology-traffic");

  await v1.click();
  await expect(page.getByTestId("edge-panel")).toContainText("Edge reviews → reviews/v1");
  await expect(page.getByTestId("edge-panel-summary")).toContainText("rps");
  await expect(page.getByTestId("edge-chart-rps").locator(".recharts-line")).toHaveCount(1);
  await expect(page.getByTestId("edge-chart-latency")).toBeVisible();
  await shot(page, "topology-edge-chart");

  // The figures follow the chosen window: the graph asks for the 15-minute series.
  const asked = page.waitForRequest((r) => {
    const url = new URL(r.url());
    return (
      url.pathname === "/api/metrics" &&
      url.searchParams.get("window") === "900" &&
      url.searchParams.get("groupBy") === "edge"
    );
  });
  await page.getByTestId("traffic-window").selectOption("900");
  await asked;
  await expect(v1).toHaveText(/rps/);
});

test("the handle positions assumed before a node is drawn are where the browser draws them", async ({ page }) => {
  // Nodes out of view are never drawn, so their edges end at these assumed positions (handle-bounds.ts); a node
  // drawn later snaps its edges to the measured handles. CSS that moves a handle must move the assumption too.
  await login(page, "carol", "/topology");
  await page.getByTestId("topology-grouping").selectOption("none");
  for (const kind of ["gateway", "route", "service"] as const)
    await expect(page.locator(`.react-flow__node-${kind}`).first()).toBeVisible();
  await expect(page.locator(".react-flow__node-version").first()).toBeVisible();
  const drawnNodes = await page.evaluate(() => {
    const viewport = document.querySelector<HTMLElement>(".react-flow__viewport")!;
    const zoom = Number(/scale\(([\d.]+)\)/.exec(viewport.style.transform)?.[1] ?? 1);
    return [...document.querySelectorAll<HTMLElement>(".react-flow__node")].map((el) => {
      const box = el.getBoundingClientRect();
      const type = [...el.classList].find((c) => c.startsWith("react-flow__node-"))!.slice("react-flow__node-".length);
      return {
        id: el.dataset.id!,
        type,
        width: box.width / zoom,
        height: box.height / zoom,
        rules: el.querySelectorAll(".rule-row").length,
        listeners: el.querySelectorAll(".listener-handle-row").length,
        handles: [...el.querySelectorAll<HTMLElement>(".react-flow__handle")]
          .filter((h) => h.closest(".react-flow__node") === el)
          .map((h) => {
            const b = h.getBoundingClientRect();
            return {
              id: h.dataset.handleid ?? null,
              x: (b.left + b.width / 2 - box.left) / zoom,
              y: (b.top + b.height / 2 - box.top) / zoom,
            };
          }),
      };
    });
  });
  const kinds = new Set(drawnNodes.map((n) => n.type));
  for (const kind of ["gateway", "route", "service", "version"])
    expect(kinds, `a ${kind} node is drawn`).toContain(kind);
  for (const n of drawnNodes.filter((d) => d.type !== "meshGroup")) {
    const assumed = approximateHandles({
      id: n.id,
      type: n.type,
      position: { x: 0, y: 0 },
      width: n.width,
      height: n.height,
      data: {
        rules: Array.from({ length: n.rules }, () => ""),
        gateway: { listeners: Array.from({ length: n.listeners }, () => ({})) },
      },
    } as unknown as MeshNode).map((h) => ({ id: h.id ?? null, x: h.x + h.width! / 2, y: h.y + h.height! / 2 }));
    expect(assumed.map((h) => h.id).sort(), `handles of ${n.id}`).toEqual(n.handles.map((h) => h.id).sort());
    for (const h of n.handles) {
      const a = assumed.find((x) => x.id === h.id)!;
      expect(Math.abs(a.x - h.x), `${n.id} handle ${h.id} x`).toBeLessThanOrEqual(1.5);
      expect(Math.abs(a.y - h.y), `${n.id} handle ${h.id} y`).toBeLessThanOrEqual(1.5);
    }
  }
});
