/**
 * `npm run bench:topology` (issue 12 item 3): the Topology page with a 500-service mesh (~2,000 nodes) in headless
 * Chromium against the built console. Prints:
 * - `topology first frame ms`: from navigation start to the first animation frame with the graph's nodes in the
 *   DOM and the view fitted to them (cold: empty layout cache; warm: the layered layout cached in sessionStorage);
 * - `topology pan/zoom fps`: animation frames per second while the view is zoomed in and out and panned one step
 *   per frame (synthetic wheel and drag events, as a user's trackpad sends them), whole graph in view and at
 *   reading zoom; the headline is the lower of the two.
 * Env: BENCH_TOPOLOGY_SERVICES (500), BENCH_TOPOLOGY_ROUNDS (3), BENCH_TOPOLOGY_PORT (3300 + test port offset),
 * SIGNALBOX_NEXT_DIST (the build to serve; built with `next build` when missing), BENCH_TOPOLOGY_PROFILE=1 (top
 * functions by self time; BENCH_TOPOLOGY_PROFILE_OUT=<dir> also writes each profile for DevTools),
 * BENCH_TOPOLOGY_TIMELINE=1 (the requests before the first frame), BENCH_TOPOLOGY_SHOTS=<dir>
 * (screenshots of the measured views).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { ApiSession } from "../helpers/api-session.ts";
import { testPort } from "../helpers/ports.ts";
import { AS_IN_PRODUCTION, startConsole } from "../helpers/processes.ts";
import { median } from "./report.ts";
import { namespacedMeshInput } from "./topology-fixture.ts";

const SERVICES = Number(process.env.BENCH_TOPOLOGY_SERVICES ?? 500);
const ROUNDS = Number(process.env.BENCH_TOPOLOGY_ROUNDS ?? 3);
const PORT = Number(process.env.BENCH_TOPOLOGY_PORT ?? testPort(3300));
const root = path.resolve(import.meta.dirname, "..", "..");
const USERS = { alice: "alice-editor-pw", bob: "bob-approver-pw" };

function ensureBuilt(): void {
  const dist = process.env.SIGNALBOX_NEXT_DIST ?? ".next";
  if (existsSync(path.join(root, dist, "BUILD_ID"))) return;
  console.log(`building the console into ${dist} (next build)…`);
  const r = spawnSync(path.join(root, "node_modules", ".bin", "next"), ["build"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) throw new Error("next build failed");
}

/** The bench mesh becomes the running config through a reviewed change, as an import would make it. */
async function seed(url: string): Promise<void> {
  const alice = await ApiSession.login(url, "alice", USERS.alice);
  const mesh = namespacedMeshInput(SERVICES, 20, 8);
  const created = await alice.call("POST", "/api/changes", { title: "topology bench mesh", proposed: mesh });
  if (created.status !== 201) throw new Error(`create change: ${created.status} ${JSON.stringify(created.body)}`);
  const submitted = await alice.call("POST", `/api/changes/${created.body.id}/submit`);
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.status}`);
  const bob = await ApiSession.login(url, "bob", USERS.bob);
  const approved = await bob.call("POST", `/api/changes/${created.body.id}/approve`, { note: "" });
  if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${JSON.stringify(approved.body)}`);
}

/** Installed before any page script: finds the first frame with the fitted graph, from navigation start. */
const FIRST_FRAME_PROBE = `
  window.__topo = { firstFrame: null, layered: null };
  const tick = () => {
    const canvas = document.querySelector('[data-testid="topology-canvas"]');
    const viewport = document.querySelector('.react-flow__viewport');
    const node = document.querySelector('.react-flow__node');
    const fitted = viewport && !/scale\\(1\\)$/.test(viewport.style.transform || 'scale(1)');
    if (window.__topo.firstFrame === null && canvas && node && fitted && node.getBoundingClientRect().width > 0)
      window.__topo.firstFrame = performance.now();
    if (window.__topo.layered === null && canvas && canvas.dataset.layout === 'layered' && node)
      window.__topo.layered = performance.now();
    if (window.__topo.firstFrame === null || window.__topo.layered === null) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
`;

async function openTopology(page: Page): Promise<{ firstFrame: number; layered: number; nodes: number }> {
  await page.goto("/topology");
  await page.waitForFunction(
    () => {
      const t = (window as unknown as { __topo: { firstFrame: number | null; layered: number | null } }).__topo;
      return t.firstFrame !== null && t.layered !== null;
    },
    undefined,
    { timeout: 120_000 },
  );
  return page.evaluate(() => {
    const t = (window as unknown as { __topo: { firstFrame: number; layered: number } }).__topo;
    const nodes = Number(document.querySelector<HTMLElement>('[data-testid="topology-canvas"]')!.dataset.nodes);
    return { firstFrame: t.firstFrame, layered: t.layered, nodes };
  });
}

/** BENCH_TOPOLOGY_TIMELINE=1: what the page fetched before its first frame (start → end, ms from navigation start). */
async function printTimeline(page: Page, label: string, firstFrame: number): Promise<void> {
  if (process.env.BENCH_TOPOLOGY_TIMELINE !== "1") return;
  const entries = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const rows = [{ name: "document", start: nav.requestStart, end: nav.responseEnd }];
    for (const e of performance.getEntriesByType("resource") as PerformanceResourceTiming[])
      rows.push({ name: e.name.replace(location.origin, ""), start: e.startTime, end: e.responseEnd });
    rows.push({ name: "DOMContentLoaded", start: nav.domContentLoadedEventStart, end: nav.domContentLoadedEventEnd });
    return rows;
  });
  console.log(`timeline, ${label} (first frame at ${firstFrame.toFixed(0)} ms):`);
  for (const e of entries.filter((x) => x.start < firstFrame).sort((a, b) => a.start - b.start))
    console.log(`  ${e.start.toFixed(0).padStart(6)} → ${e.end.toFixed(0).padStart(6)} ms  ${e.name.slice(0, 90)}`);
}

/**
 * Frames per second over `ms` while each frame zooms (wheel) or pans (drag) the view one step: 30 frames zooming in,
 * 30 dragging the view in a circle, 30 zooming out, 30 dragging. A string, so tsx adds no helper to the page's code.
 */
const FPS_PROBE = (ms: number) => `(async () => {
  const pane = document.querySelector(".react-flow__pane");
  const box = pane.getBoundingClientRect();
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  const mouse = (type, x, y, target) =>
    target.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y, button: 0, buttons: 1, view: window }));
  let frames = 0;
  const start = performance.now();
  await new Promise((resolve) => {
    const step = () => {
      if (performance.now() - start >= ${ms}) return resolve();
      const phase = Math.floor(frames / 30) % 4;
      if (phase === 0 || phase === 2) {
        pane.dispatchEvent(new WheelEvent("wheel", { bubbles: true, cancelable: true, clientX: cx, clientY: cy, deltaY: phase === 0 ? -20 : 20, deltaMode: 0 }));
      } else {
        const k = frames % 30;
        if (k === 0) mouse("mousedown", cx, cy, pane);
        const a = (k / 30) * Math.PI * 2;
        mouse("mousemove", cx + Math.sin(a) * 120, cy + (1 - Math.cos(a)) * 60, window);
        if (k === 29) mouse("mouseup", cx, cy, window);
      }
      frames++;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  return (frames * 1000) / (performance.now() - start);
})()`;

const measureFps = (page: Page, ms: number): Promise<number> => page.evaluate(FPS_PROBE(ms));

/** BENCH_TOPOLOGY_PROFILE=1: the top functions by self time while `run` runs (Chrome DevTools protocol profiler). */
async function profiled<T>(page: Page, label: string, run: () => Promise<T>): Promise<T> {
  if (process.env.BENCH_TOPOLOGY_PROFILE !== "1") return run();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.start");
  const result = await run();
  const { profile } = await cdp.send("Profiler.stop");
  const out = process.env.BENCH_TOPOLOGY_PROFILE_OUT;
  if (out) writeFileSync(path.join(out, `${label.replace(/\W+/g, "-")}.cpuprofile`), JSON.stringify(profile));
  const self = new Map<string, number>();
  const dt = profile.timeDeltas ?? [];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  (profile.samples ?? []).forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  console.log(`profile, ${label}:`);
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${k}`);
  return result;
}

async function main(): Promise<void> {
  ensureBuilt();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "signalbox-topology-bench-"));
  const console_ = await startConsole({ port: PORT, dataDir: path.join(dataDir, "pglite"), env: AS_IN_PRODUCTION });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  try {
    await seed(console_.url);
    const context = await browser.newContext({ baseURL: console_.url, viewport: { width: 1440, height: 900 } });
    await context.addInitScript(FIRST_FRAME_PROBE);
    const page = await context.newPage();
    await page.goto("/login?next=%2Fchanges");
    await page.getByLabel("User name").fill("alice");
    await page.getByLabel("Password").fill(USERS.alice);
    await page.getByTestId("login-submit").click();
    await page.waitForURL(/\/changes/);

    const cold: number[] = [];
    const warm: number[] = [];
    const layered: number[] = [];
    let nodes = 0;
    for (let r = 0; r <= ROUNDS; r++) {
      await page.evaluate(() => sessionStorage.clear());
      const c = await profiled(page, `cold open ${r}`, () => openTopology(page));
      await printTimeline(page, `cold open ${r}`, c.firstFrame);
      const w = await openTopology(page); // same structure: the layered layout comes from sessionStorage
      nodes = c.nodes;
      if (r === 0) continue; // warm-up: the server's and the browser's caches
      cold.push(c.firstFrame);
      layered.push(c.layered);
      warm.push(w.firstFrame);
    }
    // BENCH_TOPOLOGY_SHOTS=<dir>: what the measured views look like.
    const shots = process.env.BENCH_TOPOLOGY_SHOTS;
    if (shots) await page.screenshot({ path: path.join(shots, "topology-bench-whole.png") });
    // The whole graph fitted in view (every node drawn, simplified), then at reading zoom (culled to the view).
    await page.getByTestId("topology-canvas").hover();
    const fpsAll = median([await measureFps(page, 3_000), await measureFps(page, 3_000)]);
    await page.evaluate(() => {
      const pane = document.querySelector<HTMLElement>(".react-flow__pane")!;
      const b = pane.getBoundingClientRect();
      for (let i = 0; i < 60; i++)
        pane.dispatchEvent(
          new WheelEvent("wheel", {
            bubbles: true,
            cancelable: true,
            clientX: b.left + 200,
            clientY: b.top + 200,
            deltaY: -100,
          }),
        );
    });
    const zoom = await page.evaluate(
      () => document.querySelector<HTMLElement>(".react-flow__viewport")!.style.transform,
    );
    if (shots) await page.screenshot({ path: path.join(shots, "topology-bench-reading.png") });
    const fpsDetail = median([
      await profiled(page, "pan/zoom at reading zoom", () => measureFps(page, 3_000)),
      await measureFps(page, 3_000),
    ]);

    console.log(
      `topology bench: ${SERVICES} services, ${nodes} nodes drawn, headless Chromium, medians of ${ROUNDS} rounds after 1 warm-up`,
    );
    console.log(`  layered layout (ELK, worker) in place, cold cache: ${median(layered).toFixed(0)} ms`);
    console.log(`  first frame, warm layout cache:                    ${median(warm).toFixed(0)} ms`);
    console.log(`  pan/zoom fps, whole graph in view:                 ${fpsAll.toFixed(1)}`);
    console.log(
      `  pan/zoom fps, reading zoom (${zoom.match(/scale\(([\d.]+)\)/)?.[1] ?? "?"}):                     ${fpsDetail.toFixed(1)}`,
    );
    console.log(`topology first frame ms: ${median(cold).toFixed(0)} (target ≤ 2000)`);
    console.log(`topology pan/zoom fps: ${Math.min(fpsAll, fpsDetail).toFixed(1)} (target ≥ 30)`);
  } finally {
    await browser.close();
    await console_.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main()
  .then(() => process.exit(0))
  .catch((e: unknown) => {
    console.error(`topology bench failed: ${e instanceof Error ? e.stack : String(e)}`);
    process.exit(1);
  });
