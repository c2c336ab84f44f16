"use client";
import type { UserDetail } from "@/lib/core/api/index.ts";
import { useUpdateUser } from "@/lib/client/hooks/use-users.ts";
import { RoleSelect } from "@/components/ui/role-select.tsx";
import { Time } from "@/components/ui/time.tsx";

function UserRow({ user, self }: { user: UserDetail; self: boolean }) {
  const update = useUpdateUser();
  const disabled = user.disabledAt !== null;
  return (
    <tr data-testid={`user-row-${user.username}`} data-disabled={disabled ? "true" : "false"}>
      <td>
        <strong>{user.username}</strong> <span className="muted">{user.displayName}</span>
      </td>
      <td>
        <RoleSelect
          ariaLabel={`Role of ${user.username}`}
          value={user.role}
          disabled={update.isPending}
          onChange={(role) => update.mutate({ id: user.id, role })}
          testId={`user-role-${user.username}`}
        />
      </td>
      <td>
        <Time iso={user.createdAt} />
      </td>
      <td>
        {disabled ? (
          <span className="badge tone-bad" data-testid={`user-state-${user.username}`}>
            disabled
          </span>
        ) : (
          <span className="badge tone-good" data-testid={`user-state-${user.username}`}>
            active
          </span>
        )}
      </td>
      <td>
        {self ? (
          <span className="muted">you</span>
        ) : (
          <button
            type="button"
            className={disabled ? "small" : "small danger"}
            disabled={update.isPending}
            onClick={() => update.mutate({ id: user.id, disabled: !disabled })}
            data-testid={`user-toggle-${user.username}`}
          >
            {disabled ? "Enable" : "Disable"}
          </button>
        )}
        {update.error ? <span className="text-bad small"> {update.error.message}</span> : null}
      </td>
    </tr>
  );
}

/** Every user; role changes and disabling take effect at once (their sessions end, their tokens are capped). */
export function UserTable({ users, selfId }: { users: UserDetail[]; selfId: string }) {
  return (
    <table className="dense" data-testid="users-table">
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col">Role</th>
          <th scope="col">Created</th>
          <th scope="col">State</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {users.map((u) => (
          <UserRow key={u.id} user={u} self={u.id === selfId} />
        ))}
      </tbody>
    </table>
  );
}
