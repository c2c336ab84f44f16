"use client";
import { RoleSchema, type Role } from "@/lib/core/api/index.ts";

interface Props {
  id?: string;
  value: Role;
  onChange: (role: Role) => void;
  /** The roles offered; every role by default. */
  roles?: readonly Role[];
  disabled?: boolean;
  ariaLabel?: string;
  testId?: string;
}

export function RoleSelect({ id, value, onChange, roles = RoleSchema.options, disabled, ariaLabel, testId }: Props) {
  return (
    <select
      id={id}
      aria-label={ariaLabel}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(RoleSchema.parse(e.target.value))}
      data-testid={testId}
    >
      {roles.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );
}
