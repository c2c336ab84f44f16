import { createPrivateKey, randomBytes, webcrypto, X509Certificate as NodeX509 } from "node:crypto";
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

/**
 * X.509 building blocks over @peculiar/x509 and Node's WebCrypto (no hand-written ASN.1). No `server-only`: the
 * unit tests and scripts use it as well.
 */
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const subtle = webcrypto.subtle as unknown as SubtleCrypto;

export const P256: EcKeyGenParams & EcdsaParams = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };

export interface SigningKey {
  key: CryptoKey;
  algorithm: Algorithm;
}

export async function newKeyPair(): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(P256, true, ["sign", "verify"])) as CryptoKeyPair;
}

export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await subtle.exportKey("pkcs8", key));
  return x509.PemConverter.encode(der, "PRIVATE KEY");
}

/**
 * A private key in any PEM form Node reads (PKCS#8, SEC1 `EC PRIVATE KEY`, PKCS#1 `RSA PRIVATE KEY`) as a WebCrypto
 * signing key with the algorithm its certificates are signed with. Throws on anything else.
 */
export async function importSigningKey(pem: string): Promise<SigningKey> {
  const keyObject = createPrivateKey(pem);
  const der = keyObject.export({ type: "pkcs8", format: "der" });
  const type = keyObject.asymmetricKeyType;
  let algorithm: Algorithm;
  if (type === "ec") {
    const curve = keyObject.asymmetricKeyDetails?.namedCurve;
    const named = curve === "prime256v1" ? "P-256" : curve === "secp384r1" ? "P-384" : undefined;
    if (!named) throw new Error(`unsupported elliptic curve ${curve ?? "?"} (use P-256 or P-384)`);
    algorithm = { name: "ECDSA", namedCurve: named, hash: named === "P-256" ? "SHA-256" : "SHA-384" } as Algorithm;
  } else if (type === "rsa") {
    algorithm = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as Algorithm;
  } else throw new Error(`unsupported key type ${type ?? "?"} (use ECDSA or RSA)`);
  const key = await subtle.importKey("pkcs8", der, algorithm as EcKeyImportParams, true, ["sign"]);
  return { key, algorithm };
}

export const randomSerial = () => {
  const bytes = randomBytes(16);
  bytes[0]! &= 0x7f; // positive INTEGER
  return bytes.toString("hex");
};

export const fingerprint = (certPem: string) => new NodeX509(certPem).fingerprint256.replaceAll(":", "").toLowerCase();

/** A self-signed CA root (ECDSA P-256), valid for `days`. */
export async function createRoot(trustDomain: string, days: number): Promise<{ certPem: string; keyPem: string }> {
  const keys = await newKeyPair();
  const notBefore = new Date(Date.now() - 60_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `O=signalbox, CN=Signalbox root CA ${trustDomain} ${new Date().toISOString().slice(0, 10)}`,
    notBefore,
    notAfter: new Date(notBefore.getTime() + days * 86_400_000),
    signingAlgorithm: P256,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString("pem"), keyPem: await privateKeyPem(keys.privateKey) };
}

export interface LeafRequest {
  issuerCertPem: string;
  issuerKey: SigningKey;
  publicKey: CryptoKey | x509.PublicKey;
  commonName: string;
  dnsNames?: string[];
  uris?: string[];
  ttlMs: number;
}

/** A leaf certificate for TLS servers and clients, signed by the issuer (the active root). */
export async function issueLeaf(req: LeafRequest): Promise<{ certPem: string; serial: string; notAfter: Date }> {
  const issuer = new x509.X509Certificate(req.issuerCertPem);
  const serial = randomSerial();
  // A minute of back-dating absorbs clock skew between the console and its proxies.
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Math.min(Date.now() + req.ttlMs, issuer.notAfter.getTime()));
  const names = [
    ...(req.uris ?? []).map((value) => ({ type: "url" as const, value })),
    ...(req.dnsNames ?? []).map((value) => ({ type: "dns" as const, value })),
  ];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: `O=signalbox, CN=${req.commonName.replace(/[,+="\\<>;#]/g, "_")}`,
    issuer: issuer.subject,
    notBefore,
    notAfter,
    signingAlgorithm: req.issuerKey.algorithm,
    publicKey: req.publicKey,
    signingKey: req.issuerKey.key,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension(
        names,
        names.some((n) => n.type === "url"),
      ),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(req.publicKey),
    ],
  });
  return { certPem: cert.toString("pem"), serial: cert.serialNumber, notAfter };
}

/** The public key of a PKCS#10 request whose signature verifies (proof the requester holds the key). */
export async function csrPublicKey(csrPem: string): Promise<x509.PublicKey> {
  const csr = new x509.Pkcs10CertificateRequest(csrPem);
  if (!(await csr.verify())) throw new Error("the CSR's signature does not verify");
  return csr.publicKey;
}

/** Splits a PEM bundle into its certificate blocks. */
export function pemCertificates(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
