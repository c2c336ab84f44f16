import { describe, expect, it } from "vitest";
import {
  addDestination,
  removeDestination,
  retarget,
  setDestination,
  setWeight,
  sumWeights,
  type DestinationAt,
} from "@/lib/core/draft/index.ts";
import { seededRandom } from "../../helpers/random.ts";
import { bookinfo, parse, twoGateways } from "../graph/meshes.ts";
import { deepFreeze, routeOf, weightsOf } from "./helpers.ts";

const at = (route: string, rule: number, destination: number): DestinationAt => ({ route, rule, destination });
const targets = (mesh: ReturnType<typeof bookinfo>, route: string, rule = 0) =>
  routeOf(mesh, route).rules[rule]!.destinations.map((d) => `${d.service}/${d.version}`);

describe("setWeight", () => {
  it("sets the destination and rebalances its siblings to 100", () => {
    const next = setWeight(bookinfo(), at("reviews", 0, 1), 50);
    expect(weightsOf(next, "reviews")).toEqual([50, 50]);
    expect(weightsOf(setWeight(bookinfo(), at("reviews", 0, 0), 33), "reviews")).toEqual([33, 67]);
  });

  it("keeps the proportions of three destinations and leaves the other rule of the route alone", () => {
    const mesh = twoGateways();
    const next = setWeight(mesh, at("r-public", 1, 1), 0);
    expect(weightsOf(next, "r-public", 1)).toEqual([71, 0, 29]);
    expect(next.routes[2]!.rules[0]).toBe(mesh.routes[2]!.rules[0]);
    expect(targets(next, "r-public", 1)).toEqual(["alpha/v1", "beta/v2", "alpha/v9"]);
    expect(next.routes[2]!.rules[1]!.matches).toBe(mesh.routes[2]!.rules[1]!.matches);
  });

  it("a lone destination stays at 100", () => {
    expect(weightsOf(setWeight(bookinfo(), at("details", 0, 0), 40), "details")).toEqual([100]);
  });

  it("does not modify the input mesh and reuses untouched routes, services and gateways", () => {
    const mesh = deepFreeze(bookinfo());
    const before = structuredClone(mesh);
    const next = setWeight(mesh, at("reviews", 0, 0), 10);
    expect(mesh).toEqual(before);
    expect(next).not.toBe(mesh);
    expect(weightsOf(next, "reviews")).toEqual([10, 90]);
    for (const i of [0, 1, 2]) expect(next.routes[i]).toBe(mesh.routes[i]);
    expect(next.routes[3]).not.toBe(mesh.routes[3]);
    expect(next.services).toBe(mesh.services);
    expect(next.gateways).toBe(mesh.gateways);
    expect({ ...next.routes[3], rules: [] }).toEqual({ ...mesh.routes[3], rules: [] });
  });

  it("an unknown route, rule or destination returns the mesh it was given", () => {
    const mesh = bookinfo();
    expect(setWeight(mesh, at("nope", 0, 0), 10)).toBe(mesh);
    expect(setWeight(mesh, at("reviews", 1, 0), 10)).toBe(mesh);
    expect(setWeight(mesh, at("reviews", 0, 2), 10)).toBe(mesh);
    expect(setWeight(mesh, { route: "reviews", rule: "canary", destination: 0 }, 10)).toBe(mesh);
  });

  it("setting a weight to what it is returns the mesh it was given (no undo step for nothing)", () => {
    const mesh = bookinfo();
    expect(setWeight(mesh, at("reviews", 0, 0), 80)).toBe(mesh);
    expect(setWeight(mesh, at("reviews", 0, 1), 20, { rebalance: false })).toBe(mesh);
  });

  it("keeps every rule at exactly 100 through a long random walk of edits, as integers", () => {
    const rand = seededRandom(42);
    let mesh = twoGateways();
    const bad: string[] = [];
    for (let k = 0; k < 500; k++) {
      const destination = Math.floor(rand() * 3);
      const weight = Math.round(rand() * 140 - 20);
      mesh = setWeight(mesh, at("r-public", 1, destination), weight);
      const weights = weightsOf(mesh, "r-public", 1);
      if (sumWeights(weights) !== 100 || !weights.every((w) => Number.isInteger(w) && w >= 0 && w <= 100))
        bad.push(`step ${k}: [${weights}]`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it("without rebalancing sets the value as given and leaves the others", () => {
    const next = setWeight(bookinfo(), at("reviews", 0, 1), 35, { rebalance: false });
    expect(weightsOf(next, "reviews")).toEqual([80, 35]);
  });
});

describe("addDestination / removeDestination", () => {
  it("adds the first version of the first service at weight 0, so the sum stays", () => {
    const next = addDestination(bookinfo(), { route: "reviews", rule: 0 });
    expect(targets(next, "reviews")).toEqual(["reviews/v1", "reviews/v2", "productpage/v1"]);
    expect(weightsOf(next, "reviews")).toEqual([80, 20, 0]);
  });

  it("adds a placeholder target in a mesh without services", () => {
    const mesh = parse({
      routes: [{ name: "r", hosts: ["r.test"], rules: [{ directResponse: { status: 204 } }] }],
    });
    expect(routeOf(addDestination(mesh, { route: "r", rule: 0 }), "r").rules[0]!.destinations).toEqual([
      { service: "service", version: "v1", weight: 0 },
    ]);
  });

  it("removes the destination at that position", () => {
    expect(targets(removeDestination(bookinfo(), at("reviews", 0, 0)), "reviews")).toEqual(["reviews/v2"]);
  });
});

describe("setDestination", () => {
  it("a new service goes to its first version", () => {
    const next = setDestination(bookinfo(), at("reviews", 0, 1), { service: "ratings" });
    expect(targets(next, "reviews")).toEqual(["reviews/v1", "ratings/v1"]);
    expect(weightsOf(next, "reviews")).toEqual([80, 20]);
  });

  it("a new version keeps the service", () => {
    expect(targets(setDestination(bookinfo(), at("reviews", 0, 1), { version: "v3" }), "reviews")).toEqual([
      "reviews/v1",
      "reviews/v3",
    ]);
  });

  it("an unknown service keeps the version name; both given are taken as they are", () => {
    expect(targets(setDestination(bookinfo(), at("reviews", 0, 1), { service: "nope" }), "reviews")[1]).toBe("nope/v2");
    expect(
      targets(setDestination(bookinfo(), at("reviews", 0, 1), { service: "details", version: "v7" }), "reviews")[1],
    ).toBe("details/v7");
  });

  it("the same target is a no-op", () => {
    const mesh = bookinfo();
    expect(setDestination(mesh, at("reviews", 0, 1), { service: "reviews" })).toBe(mesh);
    expect(setDestination(mesh, at("reviews", 0, 1), { version: "v2" })).toBe(mesh);
  });
});

describe("retarget", () => {
  it("keeps the other fields of what it points (a mirror's percent) and returns it as is when nothing changes", () => {
    const services = bookinfo().services;
    const mirror = { service: "reviews", version: "v2", percent: 10 };
    expect(retarget(services, mirror, { service: "ratings" })).toEqual({
      service: "ratings",
      version: "v1",
      percent: 10,
    });
    expect(retarget(services, mirror, { version: "v3" })).toEqual({ service: "reviews", version: "v3", percent: 10 });
    expect(retarget(services, mirror, { service: "reviews" })).toBe(mirror);
    expect(mirror).toEqual({ service: "reviews", version: "v2", percent: 10 });
  });
});
