import { describe, expect, it } from "vitest";
import { bookinfoMesh } from "@/lib/core/demo/bookinfo.ts";
import { diffMesh } from "@/lib/core/diff/index.ts";
import { shuffleMesh } from "./shuffle.ts";

describe("diffMesh", () => {
  it("is empty for equal meshes, whatever the array order", () => {
    expect(diffMesh(bookinfoMesh(), bookinfoMesh())).toEqual([]);
    expect(diffMesh(bookinfoMesh(), shuffleMesh(bookinfoMesh(), 5))).toEqual([]);
  });

  it("reports weight changes in review form", () => {
    const after = bookinfoMesh();
    const d = after.routes[3]!.rules[0]!.destinations;
    d[0]!.weight = 0;
    d[1]!.weight = 100;
    expect(diffMesh(bookinfoMesh(), after)).toEqual([
      {
        kind: "changed",
        entity: "rule",
        name: "reviews#0",
        path: ["routes", "reviews", "rules", 0, "destinations", "reviews/v1", "weight"],
        before: 80,
        after: 0,
        summary: "weight reviews/v1 80 → 0",
      },
      {
        kind: "changed",
        entity: "rule",
        name: "reviews#0",
        path: ["routes", "reviews", "rules", 0, "destinations", "reviews/v2", "weight"],
        before: 20,
        after: 100,
        summary: "weight reviews/v2 20 → 100",
      },
    ]);
  });

  it("reports a destination's own header operations", () => {
    const after = bookinfoMesh();
    const ops = { set: { "x-canary": "yes" }, add: {}, remove: [] };
    after.routes[3]!.rules[0]!.destinations[1]!.requestHeaders = ops;
    expect(diffMesh(bookinfoMesh(), after)).toEqual([
      {
        kind: "changed",
        entity: "rule",
        name: "reviews#0",
        path: ["routes", "reviews", "rules", 0, "destinations", "reviews/v2", "requestHeaders"],
        before: undefined,
        after: ops,
        summary: "request headers for reviews/v2 in reviews#0 changed",
      },
    ]);
  });

  it("reports an endpoint taking a service port on another number", () => {
    const after = bookinfoMesh();
    const ep = after.services[0]!.versions[0]!.endpoints[0]!;
    ep.ports = { https: 9443 };
    const changes = diffMesh(bookinfoMesh(), after);
    expect(changes.map((c) => [c.kind, c.entity, c.path.at(-1), c.after])).toEqual([
      ["changed", "endpoint", "ports", { https: 9443 }],
    ]);
  });

  it("reports added and removed entities in a deterministic order", () => {
    const after = bookinfoMesh();
    after.services[3]!.versions.pop(); // reviews/v3
    after.services[0]!.versions[0]!.endpoints.push({ address: "127.0.0.1", port: 19200, weight: 2 });
    after.services.push({
      name: "auth",
      host: "auth.local",
      description: "",
      external: false,
      versions: [],
      ports: [],
    });
    after.gateways[0]!.listeners[0]!.port = 8081;
    after.routes[3]!.rules.unshift({
      name: "jason",
      matches: [{ methods: [], headers: [{ name: "end-user", type: "exact", value: "jason" }], queryParams: [] }],
      destinations: [{ service: "reviews", version: "v2", weight: 100 }],
    });
    after.routes.splice(1, 1); // details route
    const summaries = diffMesh(bookinfoMesh(), after).map((c) => `${c.kind} ${c.entity} ${c.name}: ${c.summary}`);
    expect(summaries).toEqual([
      "added service auth: service auth added (auth.local)",
      "added endpoint productpage/v1/127.0.0.1:19200: endpoint 127.0.0.1:19200 added to productpage/v1",
      "removed version reviews/v3: version reviews/v3 removed",
      "changed listener edge/http: port of listener edge/http: 8080 → 8081",
      "removed route details: route details removed",
      "removed rule reviews#0: destination reviews/v1 removed from reviews#0 (was 80)",
      "changed rule reviews#0: weight reviews/v2 20 → 100",
      'changed rule reviews#0: name of rule reviews#0: "" → jason',
      expect.stringMatching(/^changed rule reviews#0: matches of rule reviews#0: \[\] → \[\{"headers"/),
      "added rule reviews#1: rule reviews#1 added: reviews/v1 80, reviews/v2 20",
    ]);
  });

  it("reports the listeners a route attaches through, so attaching one to a route it already serves shows", () => {
    const before = bookinfoMesh();
    before.routes[0]!.gateways = ["edge"]; // every listener of edge
    const after = structuredClone(before);
    after.routes[0]!.listenerRefs = [{ gateway: "edge", sectionName: "http" }];
    expect(diffMesh(before, after).map((c) => c.summary)).toEqual(["listeners of route productpage: [] → [edge/http]"]);
  });

  it("reports field changes with before and after values", () => {
    const after = bookinfoMesh();
    after.routes[0]!.rules[0]!.timeoutMs = 1500;
    after.services[0]!.trafficPolicy = { loadBalancer: { type: "RANDOM" } };
    const changes = diffMesh(bookinfoMesh(), after);
    expect(changes.map((c) => [c.path, c.before, c.after, c.summary])).toEqual([
      [
        ["services", "productpage", "trafficPolicy"],
        undefined,
        { loadBalancer: { type: "RANDOM" } },
        'trafficPolicy of service productpage: none → {"loadBalancer":{"type":"RANDOM"}}',
      ],
      [
        ["routes", "productpage", "rules", 0, "timeoutMs"],
        undefined,
        1500,
        "timeoutMs of rule productpage#0: none → 1500",
      ],
    ]);
  });
});

describe("diffMesh normalisation", () => {
  it("ignores the order of hosts, methods and header conditions, which mean nothing", () => {
    const a = bookinfoMesh();
    a.routes[0]!.hosts = ["a.demo", "b.demo"];
    a.routes[0]!.rules[0]!.matches = [
      {
        methods: ["GET", "POST"],
        headers: [
          { name: "x", type: "exact", value: "1" },
          { name: "y", type: "present", value: "" },
        ],
        queryParams: [],
      },
    ];
    const b = structuredClone(a);
    b.routes[0]!.hosts.reverse();
    b.routes[0]!.rules[0]!.matches[0]!.methods.reverse();
    b.routes[0]!.rules[0]!.matches[0]!.headers.reverse();
    expect(diffMesh(a, b)).toEqual([]);
  });
});

describe("diffMesh: listener allowedRoutes and namespace labels", () => {
  it("shows a changed allowedRoutes on a listener and changed namespace labels", () => {
    const before = { ...bookinfoMesh(), namespaces: [{ name: "apps", labels: { team: "a" } }] };
    const after = {
      ...before,
      gateways: before.gateways.map((g, i) =>
        i === 0
          ? {
              ...g,
              listeners: g.listeners.map((l, j) => (j === 0 ? { ...l, allowedRoutes: { from: "All" as const } } : l)),
            }
          : g,
      ),
      namespaces: [{ name: "apps", labels: { team: "b" } }],
    };
    const changes = diffMesh(before, after);
    expect(changes.map((c) => [c.entity, c.kind, c.path.at(-1)])).toEqual([
      ["listener", "changed", "allowedRoutes"],
      ["namespace", "changed", "labels"],
    ]);
  });
});
