import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { secretKeyMaterial } from "./secret-key.ts";

/**
 * AES-256-GCM envelope for secrets at rest: `sb1.<iv>.<tag>.<ciphertext>` (base64url). The key is derived with
 * HKDF-SHA256 from SIGNALBOX_SECRET_KEY; the context (what the secret is, e.g. `ca-root` or `tls-secret:web`) is
 * authenticated data, so a sealed value copied into another row does not open there.
 */
const VERSION = "sb1";
const INFO = "signalbox secret sealing v1";

export function sealingKey(material: string = secretKeyMaterial()): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(material, "utf8"), Buffer.alloc(0), INFO, 32));
}

export function seal(plain: string, context: string, key: Buffer = sealingKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export class UnsealError extends Error {
  constructor(context: string) {
    super(`Cannot open the sealed ${context}: it was sealed with another SIGNALBOX_SECRET_KEY, or it was altered`);
    this.name = "UnsealError";
  }
}

export function unseal(sealed: string, context: string, key: Buffer = sealingKey()): string {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new UnsealError(context);
  const [iv, tag, ciphertext] = parts.slice(1).map((p) => Buffer.from(p, "base64url")) as [Buffer, Buffer, Buffer];
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new UnsealError(context);
  }
}
