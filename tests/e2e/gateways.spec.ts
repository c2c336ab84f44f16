import { expect, test } from "@playwright/test";
import { apiRequest, loginWithCleanDraft, shot } from "./helpers.ts";

interface DraftGateways {
  proposed: {
    gateways: {
      name: string;
      listeners: {
        name: string;
        port: number;
        protocol: string;
        hosts: string[];
        tls?: { mode: string; credentialNames: string[] };
      }[];
    }[];
  };
  issues: { code: string; path: (string | number)[] }[];
}

test("a gateway is created, given an HTTPS listener with its certificates, and deleted, all in the draft", async ({
  page,
}) => {
  await loginWithCleanDraft(page, "carol", "/gateways");
  await expect(page.getByTestId("gateway-edge")).toBeVisible();
  await page.getByLabel("Name", { exact: true }).first().fill("public");
  await page.getByLabel("Hostname", { exact: true }).fill("shop.example.com");
  await page.getByLabel("Port", { exact: true }).first().fill("8088");
  await page.getByTestId("create-gateway-submit").click();
  const card = page.getByTestId("gateway-public");
  await expect(card).toBeVisible();
  await card.getByTestId("gw-public-add-listener").click();
  const second = card.getByTestId("gw-public-l1");
  await expect(second).toBeVisible();
  await second.getByLabel("Protocol").selectOption("HTTPS");
  await second.getByLabel("Port").fill("8443");
  const creds = second.getByLabel("Certificates (secret names, chosen by SNI)");
  await creds.fill("shop-cert, shop-cert-ecdsa");
  await creds.press("Enter");
  await second.getByLabel("TLS mode").selectOption("MUTUAL");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  await card.scrollIntoViewIfNeeded();
  await shot(page, "gateways-https-listener");
  const draft = (await (await apiRequest(page, "GET", "/api/changes/draft")).json()) as DraftGateways;
  const gw = draft.proposed.gateways.find((g) => g.name === "public")!;
  expect(gw.listeners).toEqual([
    { name: "http", port: 8088, protocol: "HTTP", hosts: ["shop.example.com"] },
    {
      name: "http-2",
      port: 8443,
      protocol: "HTTPS",
      hosts: ["*"],
      tls: { mode: "MUTUAL", credentialNames: ["shop-cert", "shop-cert-ecdsa"] },
    },
  ]);
  // Validated live: a port and host another listener serves is named at the field.
  await second.getByLabel("Port").fill("8088");
  const hosts = second.getByLabel("Hostnames (comma-separated, * for any)");
  await hosts.fill("shop.example.com");
  await hosts.press("Enter");
  await expect(second.getByText("SB206")).toBeVisible();
  await expect(second.getByText(/port 8088 with host shop.example.com is already served by listener 0/)).toBeVisible();
  await card.getByTestId("gw-public-delete").click();
  await expect(card).toHaveCount(0);
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  const after = (await (await apiRequest(page, "GET", "/api/changes/draft")).json()) as DraftGateways;
  expect(after.proposed.gateways.map((g) => g.name)).not.toContain("public");
});
