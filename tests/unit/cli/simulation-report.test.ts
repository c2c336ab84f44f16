import { describe, expect, it } from "vitest";
import { SimulatedRequestSchema, type SimulatedRequestInput } from "../../../lib/core/api/simulate.ts";
import { formatSimulation } from "../../../lib/cli/simulation-report.ts";
import { compileMesh } from "../../../lib/core/compile/index.ts";
import { MeshConfigSchema } from "../../../lib/core/index.ts";
import { simulate } from "../../../lib/core/simulate/index.ts";

const config = compileMesh(
  MeshConfigSchema.parse({
    services: [
      {
        name: "web",
        host: "web.internal",
        versions: ["v1", "v2"].map((name) => ({ name, endpoints: [{ address: "127.0.0.1", port: 9000 }] })),
      },
    ],
    gateways: [{ name: "edge", listeners: [{ name: "http", port: 8080, hosts: ["*"] }] }],
    routes: [
      {
        name: "web",
        hosts: ["web.test"],
        rules: [
          {
            name: "canary",
            matches: [{ headers: [{ name: "x-canary", type: "exact", value: "1" }], methods: ["GET"] }],
            destinations: [{ service: "web", version: "v2", weight: 100 }],
          },
          {
            timeoutMs: 500,
            destinations: [
              { service: "web", version: "v1", weight: 90 },
              { service: "web", version: "v2", weight: 10 },
            ],
          },
          { destinations: [{ service: "web", version: "v1", weight: 100 }] },
        ],
      },
    ],
  }),
);
const published = { source: "published" as const, version: 7, hash: "ab".repeat(32), changeId: null, revision: null };
const text = (r: SimulatedRequestInput) =>
  formatSimulation({ ...simulate(config, SimulatedRequestSchema.parse(r)), config: published });

describe("signalbox simulate's text", () => {
  it("shows the config, the entry, the host choice, each rule tried and the verdict with the pick", () => {
    expect(text({ host: "web.test", path: "/a?b=1", method: "POST", port: 8080, random: 0.95 })).toBe(
      [
        "Config:   published version 7 (sha256 abababababab)",
        "Request:  POST web.test /a?b=1",
        "Through:  gateway edge, listener http :8080",
        "",
        "Hosts:",
        "  ✓ web: selected: web.test (exact)",
        "",
        "Rules of route web:",
        '  ✗ #0 canary (web#canary): method: wanted GET, got "POST"; header x-canary: wanted exact 1, missing',
        "  ✓ #1 (web#1): no conditions: takes every request of its host",
        "  (1 later rule(s) not tried)",
        "",
        "Verdict:  forward to web/v2",
        "    web/v1  weight 90 (90%)  1 endpoint(s)",
        "  → web/v2  weight 10 (10%)  1 endpoint(s)",
        "  upstream request: web.test /a?b=1",
        "  timeout 500 ms",
        "",
      ].join("\n"),
    );
  });

  it("a 404 lists the routes that were not chosen and the status", () => {
    const out = text({ host: "other.test", path: "/" });
    expect(out).toContain(
      "  no route has a domain matching this host\n  (1 other route(s) have no domain matching this host)",
    );
    expect(out).toContain("Verdict:  no route for host other.test through the mesh: 404 [404]");
  });

  it("a refused target says why and skips the host list", () => {
    const out = text({ host: "web.test", path: "/%00" });
    expect(out).toContain("Request:  GET web.test (refused)");
    expect(out).not.toContain("Hosts:");
    expect(out).toContain("Verdict:  refused before routing: %00 in the path [400]");
  });
});
