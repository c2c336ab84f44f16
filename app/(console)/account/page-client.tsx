"use client";
import Link from "next/link";
import { useMe } from "@/lib/client/hooks/use-me.ts";
import { ChangePasswordForm } from "@/components/account/change-password-form.tsx";
import { SignOutEverywhereButton } from "@/components/account/sign-out-everywhere.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

export function AccountPageClient() {
  const me = useMe();
  return (
    <>
      <PageHeader title="Account" />
      {me.data ? (
        <p className="meta">
          Signed in as <strong>{me.data.user.username}</strong> ({me.data.user.role}). Scripts use{" "}
          <Link href="/tokens">API tokens</Link>.
        </p>
      ) : null}
      <ChangePasswordForm />
      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Sessions</h2>
        <p className="meta">Sign out of every browser where you are signed in, this one included.</p>
        <SignOutEverywhereButton className="danger" />
      </section>
    </>
  );
}
