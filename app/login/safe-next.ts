const FALLBACK = "/topology";
const PROBE = "http://signalbox.invalid";

/**
 * Where to go after signing in: only a path of this console. Anything a browser could read as another
 * origin is refused — `//evil`, `/\evil` (browsers read `\` as `/`), a scheme, or characters browsers strip
 * from URLs (tabs, newlines) that would turn `/\t/evil` into `//evil`. The login page itself is refused too.
 */
export function safeNextPath(raw: unknown): string {
  if (typeof raw !== "string" || !raw.startsWith("/") || raw.length > 2000) return FALLBACK;
  if (/[\\\u0000-\u001f\u007f\s]/.test(raw) || raw.startsWith("//")) return FALLBACK;
  let url: URL;
  try {
    url = new URL(raw, PROBE);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== PROBE || url.pathname.startsWith("//")) return FALLBACK;
  if (url.pathname === "/login" || url.pathname.startsWith("/login/")) return FALLBACK;
  return `${url.pathname}${url.search}${url.hash}`;
}
