"use client";
import { useRouter } from "next/navigation";
import { useSignOutEverywhere } from "@/lib/client/hooks/use-account.ts";

/** Ends every session of the user (other browsers included) and this one; API tokens are revoked apart. */
export function SignOutEverywhereButton({ className = "" }: { className?: string }) {
  const signOut = useSignOutEverywhere();
  const router = useRouter();
  return (
    <button
      type="button"
      className={className}
      disabled={signOut.isPending}
      onClick={() => signOut.mutate(undefined, { onSettled: () => router.replace("/login") })}
      data-testid="logout-everywhere"
    >
      Sign out everywhere
    </button>
  );
}
