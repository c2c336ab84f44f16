import { expect, test } from "@playwright/test";
import { login, shot } from "./helpers.ts";

const offset = Number(process.env.SIGNALBOX_TEST_PORT_OFFSET ?? 0);
/** The demo's second reviews/v1 instance (scripts/start.ts: demo base port + 20, reviews/v1 is the fourth upstream). */
const SECOND_REVIEWS_V1 = 19200 + offset + 20 + 3;

test("the demo upstreams registered themselves; stopping one shows it critical with its check output", async ({
  page,
}) => {
  await login(page, "carol", "/registry");
  await page.getByTestId("nav-registry").click();
  const row = page.getByTestId("instance-row-reviews-v1-2");
  // Registered by `npm start` through the Consul-compatible API with the demo token, selected by reviews/v1.
  await expect(row).toHaveAttribute("data-health", "passing");
  await expect(row).toContainText("Consul API · token demo-upstreams");
  await expect(row).toContainText("v1");
  await expect(page.getByTestId("instance-row-reviews-v2-1")).toBeVisible();
  await expect(page.getByTestId("summary-reviews-v1")).toContainText("2 / 0 / 0");
  await shot(page, "registry-demo");

  const stopped = await fetch(`http://127.0.0.1:${SECOND_REVIEWS_V1}/_demo/stop`, { method: "POST" });
  expect(stopped.status).toBe(202);
  await expect(row).toHaveAttribute("data-health", "critical");
  await expect(row.getByTestId("check-output")).toContainText("ECONNREFUSED");
  await expect(page.getByTestId("summary-reviews-v1")).toContainText("1 / 0 / 1");
  await row.scrollIntoViewIfNeeded();
  await expect(page.getByTestId("registry-events").locator('tr[data-kind="health"]').first()).toContainText(
    "reviews-v1-2",
  );
  await shot(page, "registry-instance-critical");
});

test("an admin creates a registration token scoped to services; the secret is shown once", async ({ page }) => {
  await login(page, "carol", "/registry");
  await page.getByTestId("registry-token-name").fill("ratings-deployer");
  await page.getByTestId("registry-token-services").fill("ratings");
  await page.getByTestId("registry-token-create").click();
  await expect(page.getByTestId("registry-token-secret-box")).toContainText("ratings");
  const secret = await page.getByTestId("registry-token-secret").inputValue();
  expect(secret).toMatch(/^sbr_/);
  await expect(page.getByTestId("registry-token-row-ratings-deployer")).toContainText("ratings");
  await page.getByTestId("registry-token-secret-box").scrollIntoViewIfNeeded();
  await shot(page, "registry-token-created");
});

test("viewers see the registry but no tokens or deregister buttons", async ({ page }) => {
  await login(page, "victor", "/registry");
  await expect(page.getByTestId("registry-table")).toBeVisible();
  await expect(page.getByTestId("registry-tokens-table")).toHaveCount(0);
  await expect(page.locator('[data-testid^="deregister-"]')).toHaveCount(0);
});

/** The demo's second details/v1 instance (details is the second upstream). */
const SECOND_DETAILS_V1 = 19200 + offset + 20 + 1;

/**
 * Counts, per instance row, the commits in which its component rendered, through React's devtools hook (the one
 * React DevTools and react-scan use; production builds call it too). A row's component fiber that is a new object
 * since the last commit was reconciled; React sets PerformedWork (flag 1) on it only when it rendered rather than
 * bailed out.
 */
function countRowRenders() {
  const w = window as unknown as { __rowRenders: Record<string, number>; __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown };
  interface Fiber {
    type: unknown;
    flags: number;
    memoizedProps: Record<string, unknown> | null;
    child: Fiber | null;
    sibling: Fiber | null;
    return: Fiber | null;
  }
  w.__rowRenders = {};
  const seen = new Map<string, Fiber>();
  let renderers = 0;
  w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject: () => ++renderers,
    checkDCE: () => {},
    onScheduleFiberRoot: () => {},
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
    onCommitFiberRoot: (_id: number, root: { current: Fiber }) => {
      const stack: Fiber[] = [root.current];
      for (let n = 0; stack.length > 0 && n < 1_000_000; n++) {
        const f = stack.pop()!;
        const testId = f.type === "tr" ? f.memoizedProps?.["data-testid"] : undefined;
        if (typeof testId === "string" && testId.startsWith("instance-row-") && f.return) {
          if (seen.get(testId) !== f.return) {
            seen.set(testId, f.return);
            if (f.return.flags & 1) w.__rowRenders[testId] = (w.__rowRenders[testId] ?? 0) + 1;
          }
        }
        if (f.sibling) stack.push(f.sibling);
        if (f.child) stack.push(f.child);
      }
    },
  };
}

test("a health change re-renders only that instance's row, not the whole table", async ({ page }) => {
  await page.addInitScript(countRowRenders);
  await login(page, "carol", "/registry");
  const row = page.getByTestId("instance-row-details-v1-2");
  await expect(row).toHaveAttribute("data-health", "passing");
  const rows = await page.locator('tr[data-testid^="instance-row-"]').count();
  // The demo's six versions and the second instances of details v1 and reviews v1 (the versions without a sidecar).
  expect(rows).toBeGreaterThanOrEqual(8);
  // Two refetches after the first render (checks run meanwhile, moving every instance's lastRunAt), then count.
  for (let i = 0; i < 2; i++) await page.waitForResponse((r) => new URL(r.url()).pathname === "/api/registry");
  expect(
    await page.evaluate(() => Object.keys((window as unknown as { __rowRenders: object }).__rowRenders).length),
  ).toBeGreaterThan(0);
  await page.evaluate(() => ((window as unknown as { __rowRenders: object }).__rowRenders = {}));

  const stopped = await fetch(`http://127.0.0.1:${SECOND_DETAILS_V1}/_demo/stop`, { method: "POST" });
  expect(stopped.status).toBe(202);
  await expect(row).toHaveAttribute("data-health", "critical");
  for (let i = 0; i < 2; i++) await page.waitForResponse((r) => new URL(r.url()).pathname === "/api/registry");
  const renders = await page.evaluate(
    () => (window as unknown as { __rowRenders: Record<string, number> }).__rowRenders,
  );
  expect(renders["instance-row-details-v1-2"]).toBeGreaterThanOrEqual(1);
  expect(Object.keys(renders)).toEqual(["instance-row-details-v1-2"]);
});
