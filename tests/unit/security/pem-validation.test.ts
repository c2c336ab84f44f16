import { describe, expect, it } from "vitest";
import { validateCredential } from "@/lib/server/security/pem-validation.ts";
import { createRoot, importSigningKey, issueLeaf, newKeyPair, privateKeyPem } from "@/lib/server/security/x509.ts";

async function credential(ttlMs = 86_400_000) {
  const root = await createRoot("cluster.local", 30);
  const keys = await newKeyPair();
  const leaf = await issueLeaf({
    issuerCertPem: root.certPem,
    issuerKey: await importSigningKey(root.keyPem),
    publicKey: keys.publicKey,
    commonName: "shop.example.com",
    dnsNames: ["shop.example.com", "*.shop.example.com"],
    ttlMs,
  });
  return { root, certPem: leaf.certPem, keyPem: await privateKeyPem(keys.privateKey), notAfter: leaf.notAfter };
}

describe("uploaded PEM validation", () => {
  it("accepts a chain with its key and reports the names and expiry", async () => {
    const c = await credential();
    const result = validateCredential({
      certChainPem: c.certPem + c.root.certPem,
      privateKeyPem: c.keyPem,
      caBundlePem: c.root.certPem,
    });
    expect(result.issues).toEqual([]);
    expect("credential" in result && result.credential.sans).toEqual(["shop.example.com", "*.shop.example.com"]);
    expect("credential" in result && result.credential.notAfter.getTime()).toBe(
      Math.floor(c.notAfter.getTime() / 1000) * 1000,
    );
  });

  it("names privateKeyPem when the key belongs to another certificate", async () => {
    const a = await credential();
    const b = await credential();
    expect(validateCredential({ certChainPem: a.certPem, privateKeyPem: b.keyPem }).issues).toEqual([
      { field: "privateKeyPem", message: "the key does not belong to the (first) certificate" },
    ]);
  });

  it("names each field holding garbage", () => {
    const issues = validateCredential({ certChainPem: "hello", privateKeyPem: "world", caBundlePem: "x" }).issues;
    expect(issues.map((i) => i.field).sort()).toEqual(["caBundlePem", "certChainPem", "privateKeyPem"]);
    const broken = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    expect(validateCredential({ certChainPem: broken, privateKeyPem: "x" }).issues[0]).toEqual({
      field: "certChainPem",
      message: "a certificate block does not parse as X.509",
    });
  });

  it("names certChainPem when the certificate has expired", async () => {
    const c = await credential(120_000);
    const later = Date.now() + 10 * 60_000;
    const issues = validateCredential({ certChainPem: c.certPem, privateKeyPem: c.keyPem }, later).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]!.field).toBe("certChainPem");
    expect(issues[0]!.message).toMatch(/^the certificate expired on /);
  });

  it("names certChainPem when a chain link is not signed by the next", async () => {
    const a = await credential();
    const b = await credential();
    const issues = validateCredential({ certChainPem: a.certPem + b.root.certPem, privateKeyPem: a.keyPem }).issues;
    expect(issues).toEqual([{ field: "certChainPem", message: "certificate 1 is not signed by certificate 2" }]);
  });
});
