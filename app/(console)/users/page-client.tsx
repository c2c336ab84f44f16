"use client";
import { can } from "@/lib/core/api/index.ts";
import { useMe } from "@/lib/client/hooks/use-me.ts";
import { useUsers } from "@/lib/client/hooks/use-users.ts";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";
import { UserCreateForm } from "@/components/users/user-create-form.tsx";
import { UserTable } from "@/components/users/user-table.tsx";

export function UsersPageClient() {
  const me = useMe();
  const isAdmin = me.data !== undefined && can(me.data.user.role, "admin");
  const users = useUsers(isAdmin);
  if (me.data && !isAdmin)
    return (
      <>
        <PageHeader title="Users" />
        <p className="meta">Only admins manage users.</p>
      </>
    );
  return (
    <>
      <PageHeader title="Users" />
      <p className="meta">
        Disabling a user or lowering their role ends their sessions at once; disabling revokes their API tokens, a lower
        role caps them. Every change is in the audit log.
      </p>
      <UserCreateForm />
      <h2>Users</h2>
      <QueryState isLoading={users.isLoading} error={users.error} label="the users">
        {users.data && me.data ? <UserTable users={users.data.users} selfId={me.data.user.id} /> : null}
      </QueryState>
    </>
  );
}
