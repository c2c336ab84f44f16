import { describe, expect, it } from "vitest";
import {
  addEndpoint,
  addService,
  addVersion,
  newEndpoint,
  removeEndpoint,
  removeService,
  removeVersion,
  renameVersion,
  setEndpoint,
  setServiceDetails,
  setTrafficPolicy,
  setVersionLabels,
  versionNameFree,
} from "@/lib/core/draft/index.ts";
import { ServiceSchema } from "@/lib/core/index.ts";
import { validateMesh } from "@/lib/core/validate/index.ts";
import { bookinfo } from "../graph/meshes.ts";
import { routeOf, serviceOf, versionOf } from "./helpers.ts";

const reviews = (version: string) => ({ service: "reviews", version });
const versionNames = (mesh: ReturnType<typeof bookinfo>, service: string) =>
  serviceOf(mesh, service).versions.map((v) => v.name);

describe("addService / removeService", () => {
  it("adds a valid service with a first version v1 and the endpoint given", () => {
    const next = addService(bookinfo(), { name: "shop", endpoint: { address: "10.0.0.1", port: 9000 } });
    const shop = serviceOf(next, "shop");
    expect(shop).toEqual({
      name: "shop",
      host: "shop.demo",
      description: "",
      external: false,
      versions: [
        {
          name: "v1",
          labels: { app: "shop", version: "v1" },
          endpoints: [{ address: "10.0.0.1", port: 9000, weight: 1 }],
        },
      ],
      ports: [],
    });
    expect(ServiceSchema.parse(shop)).toEqual(shop);
    expect(validateMesh(next).filter((i) => i.severity === "error")).toEqual([]);
  });

  it("takes the host given, adds no endpoint without one, refuses a taken or empty name", () => {
    const mesh = bookinfo();
    const shop = serviceOf(addService(mesh, { name: "shop", host: "shop.example.com" }), "shop");
    expect(shop.host).toBe("shop.example.com");
    expect(shop.versions[0]!.endpoints).toEqual([]);
    expect(addService(mesh, { name: "ratings" })).toBe(mesh);
    expect(addService(mesh, { name: "" })).toBe(mesh);
  });

  it("removes the named service only; routes to it stay (validation names them)", () => {
    const mesh = bookinfo();
    const next = removeService(mesh, "ratings");
    expect(next.services.map((s) => s.name)).toEqual(["productpage", "details", "reviews"]);
    expect(next.routes).toBe(mesh.routes);
  });
});

describe("setServiceDetails / setTrafficPolicy", () => {
  it("patches host, description and external, leaving the rest", () => {
    const mesh = bookinfo();
    const next = setServiceDetails(mesh, "ratings", { description: "stars", external: true });
    expect(serviceOf(next, "ratings")).toEqual({ ...serviceOf(mesh, "ratings"), description: "stars", external: true });
  });

  it("sets the traffic policy and removes it with undefined", () => {
    const on = setTrafficPolicy(bookinfo(), "ratings", { loadBalancer: { type: "LEAST_REQUEST" } });
    expect(serviceOf(on, "ratings").trafficPolicy).toEqual({ loadBalancer: { type: "LEAST_REQUEST" } });
    const off = serviceOf(setTrafficPolicy(on, "ratings", undefined), "ratings");
    expect("trafficPolicy" in off).toBe(false);
  });
});

describe("versions", () => {
  it("addVersion takes the next free vN, counting from the number of versions", () => {
    const three = addVersion(bookinfo(), "reviews");
    expect(versionNames(three, "reviews")).toEqual(["v1", "v2", "v3", "v4"]);
    expect(versionOf(three, "reviews", "v4")).toEqual({ name: "v4", labels: { version: "v4" }, endpoints: [] });
    const gap = addVersion(removeVersion(bookinfo(), reviews("v2")), "reviews");
    expect(versionNames(gap, "reviews")).toEqual(["v1", "v3", "v4"]);
  });

  it("removeVersion removes the named version", () => {
    expect(versionNames(removeVersion(bookinfo(), reviews("v1")), "reviews")).toEqual(["v2", "v3"]);
  });

  it("renameVersion renames, and leaves destinations naming the old name for validation to point at", () => {
    const next = renameVersion(bookinfo(), reviews("v2"), "canary");
    expect(versionNames(next, "reviews")).toEqual(["v1", "canary", "v3"]);
    expect(routeOf(next, "reviews").rules[0]!.destinations[1]!.version).toBe("v2");
    expect(validateMesh(next).map((i) => i.code)).toContain("SB302");
  });

  it("renameVersion refuses a name another version of the service has: versions are addressed by name", () => {
    const mesh = bookinfo();
    expect(renameVersion(mesh, reviews("v3"), "v1")).toBe(mesh);
    expect(versionNameFree(mesh, reviews("v3"), "v1")).toBe(false);
    expect(versionNameFree(mesh, reviews("v3"), "v3")).toBe(true);
    expect(versionNameFree(mesh, reviews("v3"), "v10")).toBe(true);
    // Another service's version names do not count.
    expect(versionNameFree(mesh, { service: "ratings", version: "v1" }, "v2")).toBe(true);
    // Typing on through a taken name: "v3" → "v" → ("v1" refused) → "v10".
    const typed = renameVersion(renameVersion(mesh, reviews("v3"), "v"), reviews("v"), "v10");
    expect(versionNames(typed, "reviews")).toEqual(["v1", "v2", "v10"]);
    expect(renameVersion(mesh, reviews("v3"), "v3")).toBe(mesh);
  });

  it("setVersionLabels replaces the labels", () => {
    expect(versionOf(setVersionLabels(bookinfo(), reviews("v2"), { track: "canary" }), "reviews", "v2").labels).toEqual(
      { track: "canary" },
    );
  });
});

describe("endpoints", () => {
  it("addEndpoint appends the default endpoint; setEndpoint patches one; removeEndpoint removes one", () => {
    const two = addEndpoint(bookinfo(), reviews("v2"));
    expect(versionOf(two, "reviews", "v2").endpoints).toEqual([
      { address: "127.0.0.1", port: 19104, weight: 1 },
      newEndpoint(),
    ]);
    const set = setEndpoint(two, { ...reviews("v2"), endpoint: 1 }, { port: 9001, weight: 3 });
    expect(versionOf(set, "reviews", "v2").endpoints[1]).toEqual({ address: "127.0.0.1", port: 9001, weight: 3 });
    expect(versionOf(set, "reviews", "v2").endpoints[0]).toBe(versionOf(two, "reviews", "v2").endpoints[0]);
    const removed = removeEndpoint(set, { ...reviews("v2"), endpoint: 0 });
    expect(versionOf(removed, "reviews", "v2").endpoints).toEqual([{ address: "127.0.0.1", port: 9001, weight: 3 }]);
  });

  it("only the addressed version changes", () => {
    const mesh = bookinfo();
    const next = addEndpoint(mesh, reviews("v2"));
    expect(versionOf(next, "reviews", "v1")).toBe(versionOf(mesh, "reviews", "v1"));
    expect(serviceOf(next, "ratings")).toBe(serviceOf(mesh, "ratings"));
  });
});
