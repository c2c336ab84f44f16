import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { setupRequired } from "@/lib/server/auth/setup.ts";
import { SetupForm } from "./setup-form.tsx";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

/** Only while no user exists; afterwards the page is the sign-in page. */
export default async function SetupPage() {
  if (!(await setupRequired())) redirect("/login");
  return (
    <main className="login-page">
      <SetupForm />
    </main>
  );
}
