/**
 * Next.js's request proxy (the file convention once called middleware). It has one job: a path whose
 * percent-encoding does not decode gets a 400 naming the segment, instead of the 500 Next.js gives on dynamic routes
 * (vercel/next.js#92527). Authentication stays in the route handlers, where it cannot be skipped.
 */
import { NextResponse, type NextRequest } from "next/server";
import { API_ERRORS, malformedPathSegment, type ApiError } from "@/lib/core/api/index.ts";

export function proxy(request: NextRequest): NextResponse {
  // The raw path as sent: nextUrl may already be normalised.
  const raw = request.url.slice(request.url.indexOf("/", request.url.indexOf("//") + 2)).split(/[?#]/, 1)[0] ?? "/";
  const segment = malformedPathSegment(raw);
  if (segment === null) return NextResponse.next();
  const message = `Invalid URL path: malformed percent-encoding in "${segment.slice(0, 100)}"`;
  const body: ApiError = {
    error: { code: API_ERRORS.BAD_REQUEST.code, message, issues: [{ path: ["path"], message }] },
  };
  return NextResponse.json(body, { status: 400 });
}

export const config = {
  // Only paths with a percent sign: Next.js buffers the body of every request its proxy sees, which would defeat the
  // API's streaming body limits (413 while reading).
  matcher: ["/:path(.*%.*)"],
};
