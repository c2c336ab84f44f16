import { defineConfig } from "prisma/config";

// process.env, not prisma's env(): env() throws when DATABASE_URL is unset, and `prisma generate`
// (postinstall) must work without any database. Without DATABASE_URL the app uses embedded PGlite.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
