"use client";

interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** `new-password` for a password being set (the browser offers to generate one), else `current-password`. */
  autoComplete: "new-password" | "current-password";
  minLength?: number;
  testId?: string;
}

/** A labelled password input; the caller places it (a `.field` wrapper or the login card's column). */
export function PasswordField({ id, label, value, onChange, autoComplete, minLength, testId }: Props) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="password"
        autoComplete={autoComplete}
        minLength={minLength}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
        data-testid={testId}
      />
    </>
  );
}
