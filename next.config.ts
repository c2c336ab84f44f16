import type { NextConfig } from "next";

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
};

export default nextConfig;
