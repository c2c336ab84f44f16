import "server-only";
import type { Operation } from "@/lib/core/api/index.ts";
import { crossSite } from "./errors.ts";
import { ownOrigin } from "./request-info.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const isJson = (contentType: string | null) => /^application\/json\s*(;|$)/i.test(contentType?.trim() ?? "");

/**
 * CSRF defence for a state-changing request that a browser could send with the session cookie (or to sign
 * in): it must be JSON — a cross-site page cannot send that without a CORS preflight, which the console never
 * answers — and it must come from the console's own origin, by `Origin` or `Sec-Fetch-Site: same-origin`.
 * A request without a session cookie and without either header is a script's (no ambient credentials), not a
 * browser's cross-site one. Bearer-token requests never reach this check.
 */
export function checkCrossSite(request: Request, op: Operation, cookieSent: boolean): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (!cookieSent && op.access !== "public") return;
  if (!isJson(request.headers.get("content-type")))
    throw crossSite(
      `${op.method} ${op.path} needs Content-Type: application/json (a cross-site form or text/plain post is refused)`,
    );
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  const expected = ownOrigin(request);
  if (origin !== null) {
    if (origin === expected) return;
    throw crossSite(`Cross-site request refused: Origin ${origin} is not this console's origin ${expected}`);
  }
  if (fetchSite !== null) {
    if (fetchSite === "same-origin") return;
    throw crossSite(`Cross-site request refused: Sec-Fetch-Site is ${fetchSite}, not same-origin`);
  }
  if (cookieSent)
    throw crossSite(
      `Cross-site request refused: a request signed in by cookie must carry Origin ${expected} (or Sec-Fetch-Site: same-origin); scripts use an API token`,
    );
}
