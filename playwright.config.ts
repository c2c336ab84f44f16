import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/** Shifts every fixed test port, so two checkouts can run their tests side by side. */
const offset = Number(process.env.SIGNALBOX_TEST_PORT_OFFSET ?? 0);

/** Ports and data dir of the stack the e2e tests start (never the defaults, so a dev stack can keep running). */
export const E2E = {
  consolePort: 3100 + offset,
  proxyPort: 18080 + offset,
  demoBasePort: 19200 + offset,
  consulPort: 18500 + offset,
  /** Removed before every run; the embedded database and the proxy's state live inside. */
  root: path.join(os.tmpdir(), `signalbox-e2e-${3100 + offset}`),
  /** Own Next.js build dir, so the tests never rebuild the `.next` a developer's stack is serving. */
  nextDist: ".next-e2e",
};
const dataDir = path.join(E2E.root, "pglite");

const baseURL = `http://127.0.0.1:${E2E.consolePort}`;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/artifacts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    headless: true,
    viewport: { width: 1440, height: 900 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    // A fresh embedded database on every run: remove the data root, then build if needed, migrate, seed, start.
    command: `rm -rf '${E2E.root}' && npm start`,
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: process.env.SIGNALBOX_E2E_REUSE === "1",
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      PORT: String(E2E.consolePort),
      SIGNALBOX_PROXY_PORT: String(E2E.proxyPort),
      SIGNALBOX_DEMO_BASE_PORT: String(E2E.demoBasePort),
      SIGNALBOX_CONSUL_PORT: String(E2E.consulPort),
      SIGNALBOX_DATA_DIR: dataDir,
      SIGNALBOX_NEXT_DIST: E2E.nextDist,
      NEXT_TELEMETRY_DISABLED: "1",
      CHECKPOINT_DISABLE: "1",
    },
  },
});
