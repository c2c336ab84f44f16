import { sign, X509Certificate } from "node:crypto";
import { PROXY_TOKEN_AUDIENCE, PROXY_TOKEN_MAX_TTL_S } from "../../lib/core/index.ts";

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * The proxy's bearer token for the console: a compact JWS (ES256) over a short-lived claim set, signed with the
 * proxy's private key, its certificate in `x5c`. The console checks the certificate against its trust bundle and
 * its issued-certificate records (lib/server/security/proxy-token.ts). The key itself never leaves the proxy.
 */
export function signProxyToken(
  identity: { certChainPem: string; privateKeyPem: string; spiffeId: string },
  nowMs = Date.now(),
  ttlS = PROXY_TOKEN_MAX_TTL_S,
): string {
  const leaf = new X509Certificate(identity.certChainPem);
  const header = { alg: "ES256", typ: "JWT", x5c: [leaf.raw.toString("base64")] };
  const iat = Math.floor(nowMs / 1000);
  const claims = {
    aud: PROXY_TOKEN_AUDIENCE,
    iat,
    exp: iat + Math.min(ttlS, PROXY_TOKEN_MAX_TTL_S),
    sub: identity.spiffeId,
  };
  const input = `${b64url(header)}.${b64url(claims)}`;
  const signature = sign("sha256", Buffer.from(input), { key: identity.privateKeyPem, dsaEncoding: "ieee-p1363" });
  return `${input}.${signature.toString("base64url")}`;
}
