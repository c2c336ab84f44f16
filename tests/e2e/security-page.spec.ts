import { X509Certificate } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ensureRunning, login, shot } from "./helpers.ts";
import { bookinfoMesh } from "../../lib/core/demo/bookinfo.ts";

test("an admin sees the CA, issues a certificate for a DNS name and creates a join token", async ({
  page,
  baseURL,
}) => {
  await login(page, "carol", "/proxies");
  await page.getByTestId("nav-security").click();
  const ca = page.getByTestId("ca-section");
  await expect(ca.getByTestId("ca-trust-domain")).toHaveText("cluster.local");
  await expect(ca.getByTestId("ca-root-active")).toHaveCount(1);

  const certs = page.getByTestId("certs-section");
  await certs.getByTestId("issue-name").fill("e2e-internal-api");
  await certs.getByTestId("issue-dns").fill("api.e2e.internal, *.api.e2e.internal");
  await certs.getByTestId("issue-submit").click();
  const row = certs.getByTestId("cert-row-e2e-internal-api");
  await expect(row).toContainText("api.e2e.internal, *.api.e2e.internal");
  await expect(row.getByTestId("expiry")).toHaveAttribute("data-state", "ok");

  // Upload validation names the field: a certificate with the wrong key is refused.
  await certs.getByTestId("upload-name").fill("e2e-bad");
  await certs.getByTestId("upload-chain").fill("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----");
  await certs.getByTestId("upload-key").fill("not a key");
  await certs.getByTestId("upload-submit").click();
  await expect(certs.getByTestId("upload-error")).toContainText("certChainPem");

  const join = page.getByTestId("join-section");
  await join.getByTestId("join-node").fill("e2e-edge");
  await join.getByTestId("join-target").fill("edge");
  await join.getByTestId("join-create").click();
  await expect(page.getByTestId("join-secret-box")).toContainText("shown only this once");
  const token = await page.getByTestId("join-secret").inputValue();
  expect(token).toMatch(/^sbj_/);
  await expect(join.getByTestId("join-row-e2e-edge").getByTestId("join-state")).toHaveAttribute(
    "data-value",
    "pending",
  );
  await shot(page, "security-page-admin");

  // The join token works once, through the real join endpoint, and the page shows the proxy's identity.
  await page.getByTestId("join-secret-dismiss").click();
  await page.reload();
  expect(await page.content()).not.toContain(token);
  const csrPem = await makeCsr();
  // As a proxy calls it: no session cookie, no browser.
  const joined = await fetch(`${baseURL}/api/xds/join`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, csrPem }),
  });
  expect(joined.status).toBe(200);
  const identity = (await joined.json()) as { certChainPem: string; spiffeId: string };
  expect(new X509Certificate(identity.certChainPem).subjectAltName).toBe(`URI:${identity.spiffeId}`);
  await page.reload();
  await expect(page.getByTestId("identity-row-e2e-edge")).toContainText("spiffe://cluster.local/proxy/e2e-edge");
  // A fresh 24 h certificate is no cause for alarm (the week-long warning is for uploaded and issued ones).
  await expect(page.getByTestId("identity-row-e2e-edge").getByTestId("expiry")).toHaveAttribute("data-state", "ok");
  await expect(join.getByTestId("join-row-e2e-edge").getByTestId("join-state")).toHaveAttribute("data-value", "used");
});

test("a viewer reads the Security page but has no write buttons", async ({ page }) => {
  await login(page, "victor", "/security");
  await expect(page.getByTestId("ca-root-active")).toHaveCount(1);
  await expect(page.getByTestId("certs-section")).toBeVisible();
  await expect(page.getByTestId("ca-rotate")).toHaveCount(0);
  await expect(page.getByTestId("issue-submit")).toHaveCount(0);
  await expect(page.getByTestId("upload-submit")).toHaveCount(0);
  await expect(page.getByTestId("join-create")).toHaveCount(0);
  await expect(page.locator('[data-testid^="cert-delete-"]')).toHaveCount(0);
  await expect(page.locator('[data-testid^="identity-revoke-"]')).toHaveCount(0);
  await shot(page, "security-page-viewer");
});

/** A CSR for a fresh key, made the way the proxy makes it. */
async function makeCsr(): Promise<string> {
  const { newKeyAndCsr } = await import("../../proxy/identity/csr.ts");
  return (await newKeyAndCsr("e2e-edge")).csrPem;
}

test("the Security page lists the running access policies with the services they select", async ({ page, baseURL }) => {
  await ensureRunning(baseURL!, "e2e: policies on the Security page", (mesh) => {
    mesh.authorizationPolicies = [
      {
        name: "ratings-from-reviews",
        namespace: "default",
        action: "ALLOW",
        selector: { matchLabels: { app: "ratings" } },
        rules: [{ from: [{ source: { principals: ["cluster.local/ns/default/sa/reviews"] } }] }],
      },
      // Same selector, another namespace: Istio applies it to workloads of `other` only, and none lives there.
      {
        name: "ratings-elsewhere",
        namespace: "other",
        action: "DENY",
        selector: { matchLabels: { app: "ratings" } },
        rules: [{}],
      },
    ];
    // Beside the demo's own: its DISABLE for the workloads without a sidecar still wins over a mesh-wide STRICT, so
    // the demo's traffic to them stays plaintext (a STRICT one would be called with mTLS it cannot answer).
    mesh.peerAuthentications = [
      ...mesh.peerAuthentications,
      { name: "mesh-strict", namespace: "istio-system", mtls: { mode: "STRICT" } },
    ];
  });
  await login(page, "victor", "/security");
  const section = page.getByTestId("policies-section");
  const allow = section.getByTestId("authz-policy-default-ratings-from-reviews");
  await expect(allow).toContainText("ALLOW");
  await expect(allow).toContainText("app=ratings");
  await expect(allow).toContainText("principals cluster.local/ns/default/sa/reviews");
  await expect(allow.getByRole("link", { name: "ratings" })).toHaveAttribute("href", "/services#service-ratings");
  await expect(allow.getByRole("cell").first()).toHaveText("default");
  const elsewhere = section.getByTestId("authz-policy-other-ratings-elsewhere");
  await expect(elsewhere.getByRole("cell").first()).toHaveText("other");
  await expect(elsewhere).toContainText("no service");
  const peer = section.getByTestId("peer-authentication-istio-system-mesh-strict");
  await expect(peer).toContainText("STRICT");
  await expect(peer).toContainText("every workload (mesh-wide)");
  await section.scrollIntoViewIfNeeded();
  await shot(page, "security-page-policies");
  // Leave the demo as seeded for the specs that follow: its access policy (ratings read-only), its own
  // PeerAuthentications (STRICT, and DISABLE for the workloads without a sidecar, which the sidecars' auto mTLS must
  // call in plaintext).
  await ensureRunning(baseURL!, "e2e: the demo's policies", (mesh) => {
    mesh.authorizationPolicies = bookinfoMesh({ sidecars: true }).authorizationPolicies;
    mesh.peerAuthentications = bookinfoMesh({ sidecars: true }).peerAuthentications;
  });
});
