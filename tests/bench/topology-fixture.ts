import type { MeshConfigInput } from "../../lib/core/model/index.ts";

/**
 * A mesh shaped like an imported Istio one at scale: `services` services spread over `namespaces` Kubernetes
 * namespaces (hosts `svc-N.ns-K.svc.cluster.local`), two versions each, one route per service (a v1/v2 canary
 * split and a v2 rule), and `gateways` gateways each binding the routes of a slice of the namespaces. 500 services
 * give the ~2,000-node topology of issue 12 (500 routes, 500 services, 1,000 versions, the gateways).
 */
export function namespacedMeshInput(services: number, namespaces: number, gateways: number): MeshConfigInput {
  const svcs: MeshConfigInput["services"] = [];
  const routes: MeshConfigInput["routes"] = [];
  const gws: MeshConfigInput["gateways"] = [];
  for (let g = 0; g < gateways; g++)
    gws.push({ name: `gw-${g}`, listeners: [{ name: "http", port: 8000 + g, hosts: ["*"] }] });
  for (let s = 0; s < services; s++) {
    const ns = s % namespaces;
    const name = `svc-${s}`;
    svcs.push({
      name,
      host: `${name}.ns-${ns}.svc.cluster.local`,
      versions: ["v1", "v2"].map((v, vi) => ({
        name: v,
        labels: { app: name, version: v },
        endpoints: [{ address: `10.${ns}.${s % 250}.${vi + 1}`, port: 8080 }],
      })),
    });
    routes.push({
      name: `${name}-route`,
      hosts: [`${name}.example.com`],
      gateways: gateways ? [`gw-${ns % gateways}`] : [],
      rules: [
        {
          name: "canary",
          matches: [{ headers: [{ name: "x-canary", type: "present" }] }],
          destinations: [{ service: name, version: "v2", weight: 100 }],
        },
        {
          destinations: [
            { service: name, version: "v1", weight: 90 },
            { service: name, version: "v2", weight: 10 },
          ],
        },
      ],
    });
  }
  return { services: svcs, gateways: gws, routes };
}
