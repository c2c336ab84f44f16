import { mkdtempSync, rmSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { E2E } from "../../playwright.config.ts";
import { issueCert, makeCa, writeSecret, type TestCert } from "../helpers/test-certs.ts";
import { login, shot } from "./helpers.ts";

/** The shared demo token `npm start` runs its proxy with (the console listens on loopback only). */
const DEMO_PROXY_TOKEN = "signalbox-dev-proxy-token";
const REVIEWS_ID = "spiffe://mesh.e2e/ns/default/sa/reviews";

/** One mTLS request to a sidecar's inbound, as the reviews sidecar's outbound makes it. */
function mtlsCall(port: number, ca: string, cert: TestCert): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port,
        path: "/ratings/0",
        headers: { host: "ratings.demo" },
        ca,
        cert: cert.certPem,
        key: cert.keyPem,
        agent: false,
        checkServerIdentity: () => undefined,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.setTimeout(2_000, () => req.destroy(new Error("sidecar request timed out")));
    req.end();
  });
}

test("topology and Security page: a service-to-service edge a sidecar reports, with the caller's identity and its mTLS state", async ({
  page,
  baseURL,
}) => {
  // A real sidecar beside the demo's ratings/v1 upstream, taking its config from the running console; its workload
  // certificate and the caller's come from a throwaway mesh CA.
  const ca = makeCa("e2e mesh root");
  const dir = mkdtempSync(path.join(tmpdir(), "signalbox-e2e-sidecar-"));
  writeSecret(dir, "default", { cert: issueCert(ca, "ratings", ["URI:spiffe://mesh.e2e/ns/default/sa/ratings"]) });
  writeSecret(dir, "ROOTCA", { caPem: ca.certPem });
  const ratingsApp = E2E.demoBasePort + 2; // lib/core/demo/bookinfo.ts: ratings/v1 is the third upstream
  let sidecar: Proxy | null = null;
  try {
    sidecar = createProxy({
      nodeId: "ratings-v1-sidecar-e2e",
      consoleUrl: baseURL,
      token: DEMO_PROXY_TOKEN,
      port: 0,
      sidecar: { cluster: "ratings/v1", inboundPort: 0, appPort: ratingsApp },
      secretsDir: dir,
      consoleSecrets: false,
      metricsIntervalMs: 500,
      logLevel: "silent",
    });
    await sidecar.start();
    await expect.poll(() => sidecar!.currentVersion(), { timeout: 15_000 }).toBeGreaterThan(0);

    const reviews = issueCert(ca, "reviews", [`URI:${REVIEWS_ID}`]);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push(await mtlsCall(sidecar.inboundPort!, ca.certPem, reviews));
    expect(statuses).toEqual(new Array(10).fill(200));

    await login(page, "victor", "/topology");
    const edge = page.getByTestId("mesh-edge-reviews-ratings-v1");
    // The demo mesh has no PeerAuthentication: ratings takes mTLS but would take plaintext too.
    await expect(edge).toBeVisible({ timeout: 20_000 });
    await expect(edge).toHaveAttribute("data-mtls", "permissive");
    await expect(edge).toContainText("mTLS (permissive)");
    await expect(edge).toContainText(REVIEWS_ID);
    await expect(edge).toContainText("rps");
    await edge.scrollIntoViewIfNeeded();
    await shot(page, "topology-mesh-edge");

    // The Security page lists each version's inbound mode and the same edge with its state.
    await page.goto("/security");
    const section = page.getByTestId("mesh-mtls-section");
    await expect(section.getByTestId("mesh-mtls-mode-ratings-v1")).toHaveAttribute("data-mode", "PERMISSIVE");
    const row = section.getByTestId("mesh-mtls-edge-reviews-ratings-v1");
    await expect(row).toContainText(REVIEWS_ID);
    await expect(row.locator("[data-mtls]")).toHaveAttribute("data-mtls", "permissive");
    await section.scrollIntoViewIfNeeded();
    await shot(page, "security-mesh-mtls");
  } finally {
    await sidecar?.stop(500);
    rmSync(dir, { recursive: true, force: true });
  }
});
