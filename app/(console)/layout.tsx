import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell.tsx";

/** Console pages: no session cookie → login. An expired session is caught client-side (401 → /login). */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const jar = await cookies();
  if (!jar.get("sb_session")) redirect("/login");
  return <AppShell>{children}</AppShell>;
}
