import "server-only";
import type { Operation } from "@/lib/core/api/index.ts";
import { env } from "@/lib/server/env.ts";
import { payloadTooLarge } from "./errors.ts";

/** Credentials never need more; a login is refused at this size before its password is hashed. */
export const AUTH_BODY_LIMIT = 16 * 1024;

export function bodyLimit(op: Pick<Operation, "bodyLimit">): number {
  if (op.bodyLimit === "auth") return AUTH_BODY_LIMIT;
  if (op.bodyLimit === "import") return env().SIGNALBOX_IMPORT_LIMIT_BYTES;
  return env().SIGNALBOX_BODY_LIMIT_BYTES;
}

/**
 * The body as bytes, refused with 413 as soon as it is known to exceed `limit`: from Content-Length before
 * anything is read, else while streaming (chunked bodies), cancelling the rest. Never buffers more than `limit`.
 */
export async function readLimitedBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw payloadTooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
