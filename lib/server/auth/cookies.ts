import "server-only";

/**
 * The session cookie: HttpOnly and SameSite=Lax always; over HTTPS also Secure and the `__Host-` prefix, so
 * it is bound to this exact host and path and cannot be planted by a plain-HTTP page or a sibling domain.
 */
export const SESSION_COOKIE = "sb_session";
export const SECURE_SESSION_COOKIE = "__Host-sb_session";
export const SESSION_COOKIE_NAMES = [SESSION_COOKIE, SECURE_SESSION_COOKIE] as const;

const cookieName = (https: boolean) => (https ? SECURE_SESSION_COOKIE : SESSION_COOKIE);

/** What newToken("sbs") makes; anything else in the cookie is ignored rather than looked up. */
const SESSION_TOKEN = /^sbs_[A-Za-z0-9_-]{16,128}$/;

/**
 * The session token from the Cookie header, or null. Over HTTPS only the `__Host-` cookie counts. A malformed
 * header or value is ignored (never an error): the request is then simply not signed in.
 */
export function sessionToken(cookieHeader: string | null, https: boolean): string | null {
  if (!cookieHeader) return null;
  const wanted = cookieName(https);
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== wanted) continue;
    const value = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
    if (SESSION_TOKEN.test(value)) return value;
  }
  return null;
}

/** Whether the request carries any session cookie at all (valid or not): the CSRF check applies then. */
export function hasSessionCookie(cookieHeader: string | null): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(";").some((part) => {
    const name = part.split("=")[0]?.trim();
    return name === SESSION_COOKIE || name === SECURE_SESSION_COOKIE;
  });
}

function attributes(https: boolean): string {
  return `Path=/; HttpOnly; SameSite=Lax${https ? "; Secure" : ""}`;
}

export function sessionCookie(token: string, expiresAt: Date, https: boolean): string {
  return `${cookieName(https)}=${token}; ${attributes(https)}; Expires=${expiresAt.toUTCString()}`;
}

export function clearedSessionCookie(https: boolean): string {
  return `${cookieName(https)}=; ${attributes(https)}; Max-Age=0`;
}
