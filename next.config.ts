import type { NextConfig } from "next";

/**
 * Sent with every page and API answer. Next.js's pages bootstrap with inline scripts and React sets inline
 * styles, so script-src and style-src allow 'unsafe-inline' (nonces would need a per-request proxy and
 * dynamic rendering of every page); everything else is this origin only, nothing may frame the console, and
 * no plugin, base URL or form target can point elsewhere.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // next dev's hot reloading evaluates code; production builds never do.
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: CONTENT_SECURITY_POLICY },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

const nextConfig: NextConfig = {
  // Native/wasm-loading server packages must stay outside the bundle.
  serverExternalPackages: [
    "@prisma/client",
    "@prisma/adapter-pg",
    "@prisma/schema-engine-wasm",
    "@prisma/driver-adapter-utils",
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "pg",
  ],
  // Lets several builds coexist (parallel test runs); the default is the usual .next.
  distDir: process.env.SIGNALBOX_NEXT_DIST ?? ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  headers: async () => [{ source: "/:path*", headers: SECURITY_HEADERS }],
  // /metrics is the Metrics page for a browser and the Prometheus exposition for everything else (Prometheus, curl):
  // a request that does not ask for HTML goes to the exposition route.
  rewrites: async () => ({
    beforeFiles: [
      {
        source: "/metrics",
        missing: [{ type: "header", key: "accept", value: "(?:.*)text/html(?:.*)" }],
        destination: "/api/metrics/prometheus",
      },
    ],
    afterFiles: [],
    fallback: [],
  }),
};

export default nextConfig;
