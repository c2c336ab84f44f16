/**
 * The first segment of a URL path whose percent-encoding does not decode (`%ZZ`, `%E0%A4`, a lone `%`), or null
 * when every segment decodes. Next.js answers such a path on a dynamic route with a 500 (vercel/next.js#92527), so
 * the console refuses it first with a 400 that says what is wrong.
 */
export function malformedPathSegment(pathname: string): string | null {
  if (!pathname.includes("%")) return null;
  for (const segment of pathname.split("/")) {
    if (!segment.includes("%")) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}
