"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMe } from "@/lib/client/hooks/use-me.ts";
import { useLogout } from "@/lib/client/hooks/use-logout.ts";
import { DraftBadge } from "./draft-badge.tsx";

export function UserMenu() {
  const me = useMe();
  const logout = useLogout();
  const router = useRouter();
  if (!me.data) return <span className="muted">…</span>;
  const u = me.data.user;
  return (
    <div className="user-menu">
      <DraftBadge role={u.role} />
      <span className="current-user" data-testid="current-user">
        <Link href="/account" data-testid="account-link">
          <strong>{u.displayName || u.username}</strong>
        </Link>{" "}
        <span className="badge tone-neutral" data-testid="current-role">
          {u.role}
        </span>
      </span>
      <button
        type="button"
        data-testid="logout"
        disabled={logout.isPending}
        onClick={() => logout.mutate(undefined, { onSettled: () => router.replace("/login") })}
      >
        Log out
      </button>
    </div>
  );
}
