import { expect, test } from "@playwright/test";
import type { MeshConfig } from "@/lib/core/index.ts";
import { apiRequest, loginWithCleanDraft, login, shot } from "./helpers.ts";

const GRANTED_YAML = `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: apps-to-backends
  namespace: backends
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
      namespace: apps
  to:
    - group: ""
      kind: Service
`;

/**
 * A Gateway API route in namespace apps reaches a service in namespace backends through a ReferenceGrant. Both
 * namespaces show and edit on the Routes and Services pages; moving the service out of the granted namespace makes
 * live validation warn on the route's destination (SB308). Only the draft changes; it is discarded after.
 */
test("namespaces show and edit on Routes and Services; an ungranted cross-namespace destination is flagged", async ({
  page,
}) => {
  await loginWithCleanDraft(page, "alice", "/routes");
  const draft = (await (await apiRequest(page, "GET", "/api/changes/draft")).json()) as {
    id: string;
    revision: number;
    proposed: MeshConfig;
  };
  const mesh = structuredClone(draft.proposed);
  mesh.services.push({
    name: "ns-web",
    namespace: "backends",
    host: "ns-web.backends.svc.cluster.local",
    description: "",
    external: false,
    ports: [],
    versions: [{ name: "v1", labels: { version: "v1" }, endpoints: [{ address: "127.0.0.1", port: 9, weight: 1 }] }],
  });
  mesh.routes.push({
    name: "ns-route",
    namespace: "apps",
    semantics: "gateway-api",
    creationOrder: 2000,
    hosts: ["ns.demo"],
    gateways: [],
    listenerRefs: [],
    rules: [
      {
        name: "",
        matches: [],
        destinations: [{ service: "ns-web", version: "v1", weight: 100 }],
      },
    ],
  });
  mesh.referenceGrants.push({
    name: "apps-to-backends",
    namespace: "backends",
    from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "apps" }],
    to: [{ group: "", kind: "Service" }],
  });
  const put = await apiRequest(page, "PUT", `/api/changes/${draft.id}`, { revision: draft.revision, proposed: mesh });
  expect(put.status(), await put.text()).toBe(200);

  await page.reload();
  const route = page.getByTestId("route-ns-route");
  await expect(route.getByLabel("Namespace", { exact: true })).toHaveValue("apps");
  await expect(route).not.toContainText("SB308");

  await page.goto("/services");
  const service = page.getByTestId("service-ns-web");
  await expect(service.getByLabel("Namespace", { exact: true })).toHaveValue("backends");
  await service.getByLabel("Namespace", { exact: true }).fill("elsewhere");
  await service.getByLabel("Namespace", { exact: true }).press("Enter");
  await expect(service.getByLabel("Namespace", { exact: true })).toHaveValue("elsewhere");
  // page.goto loads the app anew: the edit must be saved first (an in-app link would carry it over unsaved).
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");

  await page.goto("/routes");
  await expect(page.getByTestId("route-ns-route")).toContainText("SB308");
  await expect(page.getByTestId("route-ns-route")).toContainText("no ReferenceGrant in elsewhere");
  await page.getByTestId("route-ns-route").scrollIntoViewIfNeeded();
  await shot(page, "namespaces-route-ungranted");

  expect((await apiRequest(page, "POST", `/api/changes/${draft.id}/discard`)).status()).toBe(200);
});

test("importing a ReferenceGrant reports it imported and shows it in the change diff", async ({ page }) => {
  await login(page, "alice", "/import");
  await page.getByTestId("import-yaml").fill(GRANTED_YAML);
  await page.getByTestId("import-check").click();
  const doc = page.getByTestId("import-report").getByTestId("import-doc");
  await expect(doc).toHaveCount(1);
  await expect(doc).toHaveAttribute("data-kind", "ReferenceGrant");
  await expect(doc.getByTestId("import-doc-status")).toHaveText("imported");
  await expect(page.getByTestId("import-diff")).toContainText("ReferenceGrant backends/apps-to-backends added");
  await shot(page, "namespaces-import-grant");
});
