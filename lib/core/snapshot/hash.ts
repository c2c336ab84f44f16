import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { canonicalJson, type CanonicalMemo } from "./canonical-json.ts";

/** Content hash of any JSON value: sha256 over its canonical form, lower-case hex. Synchronous, pure JS. */
export function contentHash(value: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(value))));
}

/** WebCrypto as both Node (≥ 19, globalThis.crypto) and browsers provide it; typed here because lib/core has no DOM lib. */
interface WebCrypto {
  subtle: { digest(algorithm: "SHA-256", data: Uint8Array): Promise<ArrayBuffer> };
}
const webCrypto = (globalThis as unknown as { crypto?: WebCrypto }).crypto;

/**
 * The same hash as contentHash, computed by the platform's native SHA-256 (WebCrypto), many times faster on a large
 * snapshot than the pure-JS one. `known`: canonical JSON of unchanged parts (see canonicalJson). Falls back to the
 * pure-JS digest where WebCrypto is missing.
 */
export async function contentHashNative(value: unknown, known?: CanonicalMemo): Promise<string> {
  const bytes = utf8ToBytes(canonicalJson(value, known));
  if (!webCrypto?.subtle) return bytesToHex(sha256(bytes));
  return bytesToHex(new Uint8Array(await webCrypto.subtle.digest("SHA-256", bytes)));
}
