import { afterAll, describe, expect, it } from "vitest";
import { SecretStore } from "../../../proxy/secrets/store.ts";
import { buildServerTls } from "../../../proxy/tls/server-tls.ts";
import { issueCert, makeCa, removeCertWorkDir } from "../../helpers/test-certs.ts";

afterAll(() => removeCertWorkDir());

describe("listener TLS contexts (proxy/tls/server-tls.ts)", () => {
  const ca = makeCa("listener test root");
  const leaf = issueCert(ca, "shop.example.com");
  const storeWith = (caBundlePem?: string) => {
    const store = new SecretStore();
    store.replace("file", [
      { name: "shop", certChainPem: leaf.certPem, privateKeyPem: leaf.keyPem, ...(caBundlePem ? { caBundlePem } : {}) },
    ]);
    return store;
  };

  it("MUTUAL with a CA bundle: a context per credential, verifying clients against that bundle", () => {
    const state = buildServerTls({ mode: "MUTUAL", credentialNames: ["shop"] }, storeWith(ca.certPem));
    expect(state.problems).toEqual([]);
    expect(state.credentials.map((c) => c.names)).toEqual([["shop.example.com"]]);
    expect(state.defaultOptions.ca).toEqual([ca.certPem]);
  });

  it("MUTUAL without any CA bundle fails closed: no context (every handshake fails), and says why", () => {
    // Node would otherwise verify client certificates against its bundled public roots.
    const state = buildServerTls({ mode: "MUTUAL", credentialNames: ["shop"] }, storeWith());
    expect(state.credentials).toEqual([]);
    expect(state.defaultOptions).not.toHaveProperty("cert");
    expect(state.problems).toEqual(["MUTUAL: no CA bundle to verify clients with (shop has no ca.crt)"]);
  });

  it("SIMPLE needs no CA bundle", () => {
    const state = buildServerTls({ mode: "SIMPLE", credentialNames: ["shop"] }, storeWith());
    expect(state.problems).toEqual([]);
    expect(state.credentials).toHaveLength(1);
  });
});
