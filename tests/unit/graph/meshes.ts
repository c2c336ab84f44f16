import { bookinfoMesh } from "@/lib/core/demo/bookinfo.ts";
import { MeshConfigSchema, type MeshConfig, type MeshConfigInput } from "@/lib/core/index.ts";

/** The demo mesh, through the schema so every default is filled as the console sees it. */
export const bookinfo = (): MeshConfig => MeshConfigSchema.parse(bookinfoMesh());

export const parse = (input: MeshConfigInput): MeshConfig => MeshConfigSchema.parse(input);

const svc = (name: string, versions: string[]) => ({
  name,
  host: `${name}.test`,
  versions: versions.map((v) => ({ name: v, endpoints: [{ address: "127.0.0.1", port: 9000 }] })),
});

/**
 * Two gateways, routes bound to one, both, none or an unknown gateway, multi-rule routes, a service
 * no route reaches, a shared version target and a destination to an unknown version.
 */
export const twoGateways = (): MeshConfig =>
  parse({
    services: [svc("unused", ["v1"]), svc("beta", ["v1", "v2"]), svc("alpha", ["v1", "v2", "v3"]), svc("empty", [])],
    gateways: [
      { name: "public", listeners: [{ name: "http", port: 80, hosts: ["*"] }] },
      { name: "internal", listeners: [{ name: "http", port: 8080, hosts: ["*"] }] },
    ],
    routes: [
      {
        name: "r-internal",
        hosts: ["a.test"],
        gateways: ["internal"],
        rules: [{ destinations: [{ service: "beta", version: "v1", weight: 100 }] }],
      },
      {
        name: "r-mesh",
        hosts: ["b.test"],
        rules: [{ destinations: [{ service: "alpha", version: "v1", weight: 100 }] }],
      },
      {
        name: "r-public",
        hosts: ["c.test"],
        gateways: ["public"],
        rules: [
          {
            name: "canary",
            matches: [{ headers: [{ name: "x-canary", type: "present" }] }],
            destinations: [{ service: "alpha", version: "v2", weight: 100 }],
          },
          {
            destinations: [
              { service: "alpha", version: "v1", weight: 50 },
              { service: "beta", version: "v2", weight: 30 },
              { service: "alpha", version: "v9", weight: 20 },
            ],
          },
        ],
      },
      {
        name: "r-both",
        hosts: ["d.test"],
        gateways: ["internal", "public"],
        rules: [{ destinations: [{ service: "beta", version: "v1", weight: 100 }] }],
      },
      { name: "r-ghost", hosts: ["e.test"], gateways: ["nowhere"], rules: [{ directResponse: { status: 404 } }] },
    ],
  });
