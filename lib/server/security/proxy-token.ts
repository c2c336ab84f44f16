import "server-only";
import { verify as verifySignature, X509Certificate } from "node:crypto";
import { PROXY_TOKEN_MAX_TTL_S, ProxyTokenClaimsSchema, ProxyTokenHeaderSchema } from "@/lib/core/index.ts";
import { unauthorized } from "@/lib/server/http/errors.ts";
import { trustBundle } from "./ca.ts";
import { secretsSignal } from "./secrets-signal.ts";

/** A compact JWS (three base64url parts starting with a JSON header) rather than an opaque bearer secret. */
export const looksLikeProxyToken = (bearer: string) => /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/.test(bearer);

/** Hex serial in one form whatever printed it (Node: upper case; @peculiar/x509: lower case, leading zeros). */
export const normalSerial = (serial: string) => serial.toLowerCase().replace(/^0+(?=.)/, "");

const CLOCK_SKEW_S = 60;
const BUNDLE_TTL_MS = 5_000;
let bundleCache: { at: number; generation: number; roots: X509Certificate[] } | undefined;

async function trustedRoots(): Promise<X509Certificate[]> {
  const now = Date.now();
  const generation = secretsSignal.current;
  if (bundleCache && bundleCache.generation === generation && now - bundleCache.at < BUNDLE_TTL_MS)
    return bundleCache.roots;
  const roots = (await trustBundle()).map((pem) => new X509Certificate(pem));
  bundleCache = { at: now, generation, roots };
  return roots;
}

const json = (part: string): unknown => {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
};

/**
 * Checks a proxy's signed token: ES256 signature by the key of the certificate in `x5c`, that certificate
 * issued by a root of the trust bundle and valid now, the token short-lived and for this console. Returns the
 * certificate's serial (the caller checks it against the issued-certificate records and revocation).
 */
export async function verifyProxyToken(token: string, nowMs = Date.now()): Promise<{ serial: string }> {
  const fail = (why: string) => unauthorized(`The proxy token is invalid: ${why}`);
  const [h, p, s] = token.split(".") as [string, string, string];
  const header = ProxyTokenHeaderSchema.safeParse(json(h));
  const claims = ProxyTokenClaimsSchema.safeParse(json(p));
  if (!header.success) throw fail("bad header (alg ES256 with an x5c chain expected)");
  if (!claims.success) throw fail(`bad claims (${claims.error.issues[0]?.path.join(".")})`);
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(Buffer.from(header.data.x5c[0]!, "base64"));
  } catch {
    throw fail("x5c[0] is not a certificate");
  }
  const signed = verifySignature(
    "sha256",
    Buffer.from(`${h}.${p}`),
    { key: leaf.publicKey, dsaEncoding: "ieee-p1363" },
    Buffer.from(s, "base64url"),
  );
  if (!signed) throw fail("the signature does not verify with the certificate's key");
  const now = Math.floor(nowMs / 1000);
  const { iat, exp } = claims.data;
  if (exp <= now) throw fail("expired");
  if (iat > now + CLOCK_SKEW_S || exp - iat > PROXY_TOKEN_MAX_TTL_S)
    throw fail(`lifetime must be at most ${PROXY_TOKEN_MAX_TTL_S} s`);
  if (Date.parse(leaf.validTo) <= nowMs || Date.parse(leaf.validFrom) > nowMs + CLOCK_SKEW_S * 1000)
    throw fail("the certificate is not valid now");
  const roots = await trustedRoots();
  if (!roots.some((root) => leaf.checkIssued(root) && leaf.verify(root.publicKey)))
    throw fail("the certificate is not issued by a trusted root");
  return { serial: normalSerial(leaf.serialNumber) };
}
