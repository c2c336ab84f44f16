import { describe, expect, it } from "vitest";
import { buildSnapshot } from "@/lib/core/compile/index.ts";
import { MeshConfigSchema } from "@/lib/core/model/index.ts";
import { httpsLocation, misdirected, planPorts, portServesHost } from "../../../proxy/tls/port-plan.ts";
import { pickCredential, type ServerTlsState } from "../../../proxy/tls/server-tls.ts";
import { SecretStore } from "../../../proxy/secrets/store.ts";

const mesh = MeshConfigSchema.parse({
  services: [],
  routes: [],
  gateways: [
    {
      name: "edge",
      listeners: [
        { name: "web", port: 80, hosts: ["*"], httpsRedirect: true },
        { name: "a", port: 443, protocol: "HTTPS", hosts: ["a.test"], tls: { mode: "SIMPLE", credentialNames: ["a"] } },
        {
          name: "b",
          port: 443,
          protocol: "HTTPS",
          hosts: ["*.b.test"],
          tls: { mode: "MUTUAL", credentialNames: ["b", "a"], minProtocolVersion: "TLSV1_3" },
        },
        {
          name: "api",
          port: 8443,
          protocol: "HTTPS",
          hosts: ["api.test"],
          tls: { mode: "SIMPLE", credentialNames: ["api"] },
        },
      ],
    },
    { name: "other", listeners: [{ name: "x", port: 9000, hosts: ["*"] }] },
  ],
});

describe("planPorts", () => {
  const plans = planPorts(buildSnapshot(mesh, 1).config, "edge");

  it("one plan per port of the gateway; listeners sharing a port merge their credentials, MUTUAL and minimum", () => {
    expect(plans.map((p) => [p.port, p.protocol, p.httpsRedirect, p.listeners])).toEqual([
      [80, "HTTP", true, ["web"]],
      [443, "HTTPS", false, ["a", "b"]],
      [8443, "HTTPS", false, ["api"]],
    ]);
    expect(plans[1]!.tls).toEqual({ mode: "MUTUAL", credentialNames: ["a", "b"], minProtocolVersion: "TLSV1_3" });
    expect(planPorts(buildSnapshot(mesh, 1).config, undefined)).toEqual([]);
  });

  it("httpsRedirect goes to the HTTPS port serving the host, the port left out when it is 443", () => {
    const web = plans[0]!;
    expect(httpsLocation("a.test:80", "/x?y=1", web)).toBe("https://a.test/x?y=1");
    expect(httpsLocation("API.test", "/", web)).toBe("https://API.test:8443/");
    expect(httpsLocation("z.b.test", "/", web)).toBe("https://z.b.test/");
    expect(httpsLocation("[::1]:80", "/", web)).toBe("https://[::1]/");
    expect(httpsLocation(undefined, "*", { ...web, httpsPorts: [] })).toBe("https:///");
  });
});

describe("portServesHost", () => {
  it("a port serves its listeners' hostnames: exact, *.suffix for names under it, * for any", () => {
    const [web, secure] = planPorts(buildSnapshot(mesh, 1).config, "edge");
    expect(secure!.hosts).toEqual(["*.b.test", "a.test"]);
    expect(portServesHost(secure!, "a.test:443")).toBe(true);
    expect(portServesHost(secure!, "x.y.b.test")).toBe(true);
    expect(portServesHost(secure!, "b.test")).toBe(false);
    expect(portServesHost(secure!, "api.test")).toBe(false);
    expect(portServesHost(web!, "anything.test")).toBe(true);
  });
});

describe("misdirected (421: the Host selects another HTTPS listener than the SNI)", () => {
  it("compares the most specific listener each name selects, on HTTPS ports with several listeners only", () => {
    const [web, secure, api] = planPorts(buildSnapshot(mesh, 1).config, "edge");
    expect(misdirected(secure!, "a.test", "a.test:443")).toBe(false);
    expect(misdirected(secure!, "a.test", "x.b.test")).toBe(true);
    expect(misdirected(secure!, "y.b.test", "x.b.test")).toBe(false);
    // No SNI, or an SNI no listener matches: nothing to compare; a Host no listener matches is the port's 404.
    expect(misdirected(secure!, undefined, "x.b.test")).toBe(false);
    expect(misdirected(secure!, "other.test", "a.test")).toBe(false);
    expect(misdirected(secure!, "a.test", "other.test")).toBe(false);
    expect(misdirected(api!, "api.test", "x.b.test")).toBe(false);
    expect(misdirected(web!, "a.test", "x.b.test")).toBe(false);
  });
});

describe("pickCredential", () => {
  const cred = (name: string, names: string[]) => ({ name, names, notAfter: undefined, context: {} as never });
  const state: ServerTlsState = {
    settings: { mode: "SIMPLE", credentialNames: ["wild", "exact"] },
    credentials: [cred("wild", ["*.example.com"]), cred("exact", ["www.example.com"])],
    defaultOptions: {},
    problems: [],
  };

  it("an exact SAN first, then a one-label wildcard, else none", () => {
    expect(pickCredential(state, "WWW.example.com")?.name).toBe("exact");
    expect(pickCredential(state, "shop.example.com")?.name).toBe("wild");
    expect(pickCredential(state, "a.shop.example.com")).toBeUndefined();
    expect(pickCredential(state, "example.com")).toBeUndefined();
  });
});

describe("SecretStore", () => {
  it("a file secret wins over the console's; watchers run only on a change", () => {
    const store = new SecretStore();
    let changes = 0;
    store.onChange(() => changes++);
    const ca = (text: string) => ({ name: "x", caBundlePem: `-----BEGIN CERTIFICATE-----${text}` });
    store.replace("console", [ca("console")]);
    store.replace("console", [ca("console")]);
    expect(changes).toBe(1);
    store.replace("file", [ca("file")]);
    expect(store.get("x")?.caBundlePem).toContain("file");
    store.replace("file", []);
    expect(store.get("x")?.caBundlePem).toContain("console");
    expect(changes).toBe(3);
  });
});
