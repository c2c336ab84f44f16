"use client";
import { useState } from "react";
import { PASSWORD_MIN_LENGTH, type Role } from "@/lib/core/api/index.ts";
import { useCreateUser } from "@/lib/client/hooks/use-users.ts";
import { PasswordField } from "@/components/ui/password-field.tsx";
import { RoleSelect } from "@/components/ui/role-select.tsx";

/** An admin creates a user with a role and an initial password (to hand over, and to be changed by the user). */
export function UserCreateForm() {
  const create = useCreateUser();
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [role, setRole] = useState<Role>("VIEWER");
  const [password, setPassword] = useState("");
  return (
    <form
      className="card"
      aria-labelledby="user-create-title"
      data-testid="user-create-form"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          { username: username.trim(), displayName: displayName.trim(), role, password },
          {
            onSuccess: () => {
              setUsername("");
              setDisplayName("");
              setPassword("");
            },
          },
        );
      }}
    >
      <h2 id="user-create-title">New user</h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor="user-username">User name</label>
          <input
            id="user-username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            maxLength={64}
            data-testid="user-username"
          />
        </div>
        <div className="field">
          <label htmlFor="user-display-name">Display name</label>
          <input id="user-display-name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="user-role">Role</label>
          <RoleSelect id="user-role" value={role} onChange={setRole} testId="user-role" />
        </div>
        <div className="field">
          <PasswordField
            id="user-password"
            label="Initial password"
            value={password}
            onChange={setPassword}
            autoComplete="new-password"
            minLength={PASSWORD_MIN_LENGTH}
            testId="user-password"
          />
        </div>
        <button type="submit" className="primary" disabled={create.isPending} data-testid="user-create">
          {create.isPending ? "Creating…" : "Create user"}
        </button>
      </div>
      {create.error ? (
        <p className="alert alert-error" role="alert" data-testid="user-create-error">
          Could not create the user: {create.error.message}
        </p>
      ) : null}
    </form>
  );
}
