import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { demoUsersListed } from "@/lib/server/seed.ts";
import { setupRequired } from "@/lib/server/auth/setup.ts";
import { LoginForm } from "./login-form.tsx";
import { safeNextPath } from "./safe-next.ts";

export const metadata: Metadata = { title: "Sign in" };
// Reads the database (is setup needed, are there demo users): never prerendered at build time.
export const dynamic = "force-dynamic";

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (await setupRequired()) redirect("/setup");
  const sp = await searchParams;
  return (
    <main className="login-page">
      <LoginForm next={safeNextPath(sp.next)} showDemoUsers={await demoUsersListed()} />
    </main>
  );
}
