import { describe, expect, it } from "vitest";
import { exportGatewayApi, importGatewayApi } from "@/lib/core/yaml/index.ts";
import { readReference } from "./schemas.ts";

const manifest = (name: string) => readReference(`gateway-api/conformance/tests/${name}.yaml`);

/**
 * Imported HTTPRoutes export back as the same routes (one HTTPRoute each, with their listeners, hostnames, path
 * kinds, filters and mirrors), and a second export is byte-identical to the first. Host order carries no meaning
 * (the export sorts hostnames, so any order exports alike): compared sorted.
 */
const sortedHosts = <T extends { hosts: string[] }>(routes: T[]) =>
  JSON.parse(JSON.stringify(routes.map((r) => ({ ...r, hosts: [...r.hosts].sort() })))) as unknown;
describe("Gateway API round trips with the upstream conformance manifests", () => {
  for (const name of [
    "httproute-matching-across-routes",
    "httproute-path-match-order",
    "httproute-listener-hostname-matching",
    "httproute-hostname-intersection",
    "httproute-rewrite-path",
    "httproute-redirect-path",
    "httproute-redirect-port-and-scheme",
    "httproute-request-multiple-mirrors",
    "httproute-method-matching",
    "httproute-query-param-matching",
  ])
    it(name, () => {
      const first = importGatewayApi(manifest(name)).mesh;
      const exported = exportGatewayApi(first).yaml;
      const second = importGatewayApi(exported);
      expect(second.mesh.routes.map((r) => r.name)).toEqual(first.routes.map((r) => r.name));
      expect(sortedHosts(second.mesh.routes)).toEqual(sortedHosts(first.routes));
      expect(second.mesh.gateways).toEqual(first.gateways);
      expect(exportGatewayApi(second.mesh).yaml).toBe(exported);
    });
});
