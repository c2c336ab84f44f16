import { expect, test } from "@playwright/test";
import { loginWithCleanDraft, shot } from "./helpers.ts";

test("a service gets a GRPC port and a route's destination names it; the review shows both", async ({ page }) => {
  await loginWithCleanDraft(page, "carol", "/services");
  const card = page.getByTestId("service-ratings");
  const ports = card.getByTestId("svc-ratings-ports");
  await expect(ports).toContainText("No ports");
  await ports.getByTestId("svc-ratings-ports-add").click();
  await ports.getByLabel("Port 1 name").fill("grpc");
  await ports.getByLabel("Port 1 number").fill("9090");
  await ports.getByLabel("Port 1 protocol").selectOption("GRPC");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  // Two ports may not share a number: the server's issue shows at the second one.
  await ports.getByTestId("svc-ratings-ports-add").click();
  await ports.getByLabel("Port 2 number").fill("9090");
  await expect(ports.getByTestId("svc-ratings-ports-1")).toContainText("port 9090 of");
  await ports.getByRole("button", { name: "Remove port port2" }).click();
  await expect(ports.getByTestId("svc-ratings-ports-1")).toHaveCount(0);
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  await ports.scrollIntoViewIfNeeded();
  await shot(page, "service-ports");

  await page.getByTestId("nav-routes").click();
  const port = page.getByTestId("dest-ratings-0-0-port");
  await expect(port).toHaveValue("");
  await port.selectOption({ label: "grpc 9090 (GRPC)" });
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  await port.scrollIntoViewIfNeeded();
  await shot(page, "route-destination-port");

  await page.getByTestId("review-draft").click();
  await expect(page.getByTestId("diff-entry").filter({ hasText: "ratings" }).first()).toBeVisible();
  await shot(page, "service-ports-review");
  await page.getByTestId("discard-change").click();
  await expect(page).toHaveURL(/\/changes$/);
});
