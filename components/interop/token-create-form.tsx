"use client";
import { useState } from "react";
import { mayDelegate, RoleSchema, type Role } from "@/lib/core/api/index.ts";
import { CredentialForm, TextField } from "@/components/ui/credential-form.tsx";
import { RoleSelect } from "@/components/ui/role-select.tsx";
import { useCreateApiToken } from "@/lib/client/hooks/use-create-api-token.ts";

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
    <CredentialForm
      testId="token"
      title="New token"
      level={2}
      noun="token"
      create={create}
      request={() => ({
        name: name.trim(),
        role,
        expiresAt: days === 0 ? null : new Date(Date.now() + days * 86_400_000).toISOString(),
      })}
      onCreated={(res) => onCreated({ name: res.token.name, role: res.token.role, secret: res.secret })}
      clear={() => setName("")}
      ready={name.trim() !== ""}
      hint={<>A token acts as you with at most your role ({userRole}); pick VIEWER for read-only scripts.</>}
    >
      <TextField
        id="token-name"
        label="Name"
        value={name}
        onChange={setName}
        maxLength={100}
        required
        placeholder="e.g. ci-import"
      />
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
    </CredentialForm>
  );
}
