import { describe, expect, it } from "vitest";
import { secretNamesForProxy, type SnapshotConfig } from "@/lib/core/index.ts";

const listener = (gateway: string, credentialNames: string[]) => ({
  name: "https",
  port: 8443,
  protocol: "HTTPS" as const,
  hosts: ["*"],
  gateway,
  tls: { mode: "SIMPLE" as const, credentialNames },
});
const cluster = (service: string, credentialName?: string) => ({
  name: `${service}/v1`,
  service,
  version: "v1",
  host: `${service}.svc`,
  endpoints: [],
  ...(credentialName ? { trafficPolicy: { tls: { mode: "MUTUAL" as const, credentialName } } } : {}),
});
const vhost = (name: string, gateways: string[], cluster: string) => ({
  name,
  domains: [`${name}.example`],
  gateways,
  rules: [{ id: `${name}#0`, route: name, matches: [], destinations: [{ cluster, weight: 100 }] }],
});

const config = {
  listeners: [listener("gw-a", ["a-cert", "shared-cert"]), listener("gw-b", ["b-cert"])],
  virtualHosts: [vhost("a", ["gw-a"], "svc-a/v1"), vhost("b", ["gw-b"], "svc-b/v1"), vhost("mesh", [], "mesh/v1")],
  clusters: [cluster("svc-a", "a-upstream"), cluster("svc-b", "b-upstream"), cluster("mesh", "mesh-upstream")],
} as unknown as SnapshotConfig;

describe("the secrets a proxy may receive", () => {
  it("are its own gateway's listener credentials and the upstream credentials of clusters it routes to", () => {
    expect(secretNamesForProxy(config, "gw-a")).toEqual(["a-cert", "a-upstream", "mesh-upstream", "shared-cert"]);
    expect(secretNamesForProxy(config, "gw-b")).toEqual(["b-cert", "b-upstream", "mesh-upstream"]);
  });

  it("without a gateway are only the mesh's upstream credentials", () => {
    expect(secretNamesForProxy(config, null)).toEqual(["mesh-upstream"]);
    expect(secretNamesForProxy(config, "gw-unknown")).toEqual(["mesh-upstream"]);
  });
});
