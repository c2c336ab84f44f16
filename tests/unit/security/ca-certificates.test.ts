import { X509Certificate } from "node:crypto";
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { describe, expect, it } from "vitest";
import { createRoot, csrPublicKey, importSigningKey, issueLeaf, newKeyPair, P256 } from "@/lib/server/security/x509.ts";

describe("the CA's certificates", () => {
  it("issues a workload certificate that verifies with the root, carries the SPIFFE ID and lives ~24 h", async () => {
    const root = await createRoot("cluster.local", 3650);
    const issuerKey = await importSigningKey(root.keyPem);
    const keys = await newKeyPair();
    const spiffe = "spiffe://cluster.local/ns/default/sa/reviews";
    const leaf = await issueLeaf({
      issuerCertPem: root.certPem,
      issuerKey,
      publicKey: keys.publicKey,
      commonName: "reviews",
      uris: [spiffe],
      ttlMs: 24 * 3_600_000,
    });
    const cert = new X509Certificate(leaf.certPem);
    const rootCert = new X509Certificate(root.certPem);
    expect(cert.verify(rootCert.publicKey)).toBe(true);
    expect(cert.checkIssued(rootCert)).toBe(true);
    expect(cert.subjectAltName).toBe(`URI:${spiffe}`);
    expect(cert.ca).toBe(false);
    expect(rootCert.ca).toBe(true);
    const hours = (Date.parse(cert.validTo) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    // Another root's key does not verify it.
    const other = new X509Certificate((await createRoot("cluster.local", 1)).certPem);
    expect(cert.verify(other.publicKey)).toBe(false);
  });

  it("signs a CSR's key (proof of possession checked) and ignores the CSR's own names", async () => {
    const root = await createRoot("example.org", 30);
    const keys = await newKeyPair();
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: "CN=admin",
      keys,
      signingAlgorithm: P256,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: "dns", value: "evil.example" }])],
    });
    const publicKey = await csrPublicKey(csr.toString("pem"));
    const leaf = await issueLeaf({
      issuerCertPem: root.certPem,
      issuerKey: await importSigningKey(root.keyPem),
      publicKey,
      commonName: "edge-1",
      uris: ["spiffe://example.org/proxy/edge-1"],
      ttlMs: 3_600_000,
    });
    const cert = new X509Certificate(leaf.certPem);
    expect(cert.subjectAltName).toBe("URI:spiffe://example.org/proxy/edge-1");
    expect(cert.serialNumber.toLowerCase()).toBe(leaf.serial.toLowerCase());
  });

  it("refuses a CSR whose signature does not match its key", async () => {
    const a = await newKeyPair();
    const b = await newKeyPair();
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: "CN=x",
      keys: { publicKey: a.publicKey, privateKey: b.privateKey },
      signingAlgorithm: P256,
    });
    await expect(csrPublicKey(csr.toString("pem"))).rejects.toThrow(/does not verify/);
  });
});
