import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

const P256 = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
x509.cryptoProvider.set(webcrypto as never);

/**
 * A new P-256 key made here and a PKCS#10 request for it. Only the CSR goes to the console; the console ignores
 * its subject and names and writes the SPIFFE ID its join token (or current certificate) binds.
 */
export async function newKeyAndCsr(nodeId: string): Promise<{ privateKeyPem: string; csrPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(P256, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${nodeId.replace(/[^A-Za-z0-9._-]/g, "_")}`,
    keys: keys as never,
    signingAlgorithm: P256,
  });
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  return { privateKeyPem: x509.PemConverter.encode(der, "PRIVATE KEY"), csrPem: csr.toString("pem") };
}
