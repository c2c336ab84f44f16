"use client";
import { useState } from "react";
import { mayDelegate, RoleSchema, type Role } from "@/lib/core/api/index.ts";
import { RoleSelect } from "@/components/ui/role-select.tsx";
import { useCreateApiToken } from "@/lib/client/hooks/use-create-api-token.ts";
import styles from "./interop.module.css";

/** Days until a new token expires; 0 never. A token that is never rotated is a standing credential. */
const EXPIRY_DAYS = [7, 30, 90, 365, 0] as const;
const expiryLabel = (days: number) => (days === 0 ? "never" : days === 365 ? "in 1 year" : `in ${days} days`);

export interface CreatedToken {
  name: string;
  role: Role;
  secret: string;
}

/** Name and role (only the roles the user may hand on), then POST /api/tokens. */
export function TokenCreateForm({ userRole, onCreated }: { userRole: Role; onCreated: (t: CreatedToken) => void }) {
  const create = useCreateApiToken();
  const roles = RoleSchema.options.filter((r) => mayDelegate(userRole, r));
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>(userRole);
  const [days, setDays] = useState<number>(90);
  return (
    <form
      className={`card ${styles.createForm}`}
      aria-labelledby="token-create-title"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          {
            name: name.trim(),
            role,
            expiresAt: days === 0 ? null : new Date(Date.now() + days * 86_400_000).toISOString(),
          },
          {
            onSuccess: (res) => {
              onCreated({ name: res.token.name, role: res.token.role, secret: res.secret });
              setName("");
              create.reset();
            },
          },
        );
      }}
    >
      <h2 id="token-create-title">New token</h2>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor="token-name">Name</label>
          <input
            id="token-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={100}
            required
            placeholder="e.g. ci-import"
            data-testid="token-name"
          />
        </div>
        <div className="field">
          <label htmlFor="token-role">Role</label>
          <RoleSelect id="token-role" value={role} onChange={setRole} roles={roles} testId="token-role" />
        </div>
        <div className="field">
          <label htmlFor="token-expiry">Expires</label>
          <select
            id="token-expiry"
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
            data-testid="token-expiry"
          >
            {EXPIRY_DAYS.map((d) => (
              <option key={d} value={d}>
                {expiryLabel(d)}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="primary"
          disabled={create.isPending || name.trim() === ""}
          data-testid="token-create"
        >
          {create.isPending ? "Creating…" : "Create token"}
        </button>
      </div>
      <p className={styles.hint}>
        A token acts as you with at most your role ({userRole}); pick VIEWER for read-only scripts.
      </p>
      {create.error ? (
        <p className="alert alert-error" role="alert" data-testid="token-create-error">
          Could not create the token: {create.error.message}
        </p>
      ) : null}
    </form>
  );
}
