import "server-only";
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

/**
 * OWASP Password Storage Cheat Sheet (scrypt, when Argon2id is not available): N ≥ 2^17, r ≥ 8 (1024-byte
 * blocks), p = 1. That is 128 MiB of memory per hash; maxmem leaves room above it.
 */
export const SCRYPT_PARAMS = { N: 1 << 17, r: 8, p: 1 } as const;
const MAXMEM = 256 * 1024 * 1024;
const KEYLEN = 32;

interface Stored {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

/** Format: scrypt$N$r$p$salt-b64$hash-b64, so parameters can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { ...SCRYPT_PARAMS, maxmem: MAXMEM });
  const { N, r, p } = SCRYPT_PARAMS;
  return ["scrypt", N, r, p, salt.toString("base64"), key.toString("base64")].join("$");
}

function parse(stored: string): Stored | null {
  const [scheme, n, r, p, saltB64, keyB64] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !saltB64 || !keyB64) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (!Object.values(params).every((v) => Number.isSafeInteger(v) && v > 0)) return null;
  return { ...params, salt: Buffer.from(saltB64, "base64"), key: Buffer.from(keyB64, "base64") };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const s = parse(stored);
  if (!s) return false;
  const key = await scrypt(password, s.salt, s.key.length, { N: s.N, r: s.r, p: s.p, maxmem: MAXMEM });
  return key.length === s.key.length && timingSafeEqual(key, s.key);
}

/** A stored hash made with weaker parameters than today's: rehash it at the next successful sign-in. */
export function needsRehash(stored: string): boolean {
  const s = parse(stored);
  return !s || s.N < SCRYPT_PARAMS.N || s.r < SCRYPT_PARAMS.r || s.p < SCRYPT_PARAMS.p || s.key.length < KEYLEN;
}

let dummy: Promise<string> | undefined;

/** Computes the dummy hash ahead of the first sign-in with an unknown name, which would otherwise cost twice. */
export async function prepareDummyHash(): Promise<void> {
  dummy ??= hashPassword(randomBytes(16).toString("base64"));
  await dummy;
}

/**
 * The same scrypt work as a real check, against a hash of a random password, for a user name that does not
 * exist: the response time then does not tell which user names do.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString("base64"));
  await verifyPassword(password, await dummy);
  return false;
}
