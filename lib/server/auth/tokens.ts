import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const newToken = (prefix: string) => `${prefix}_${randomBytes(24).toString("base64url")}`;

/** Tokens are stored only as their sha256, so a database leak does not leak sessions. */
export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}
