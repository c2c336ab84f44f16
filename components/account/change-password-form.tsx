"use client";
import { useState } from "react";
import { PASSWORD_MIN_LENGTH } from "@/lib/core/api/index.ts";
import { useChangePassword } from "@/lib/client/hooks/use-account.ts";
import { PasswordField } from "@/components/ui/password-field.tsx";

/** The current password is required; the user's other sessions end when it changes. */
export function ChangePasswordForm() {
  const change = useChangePassword();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const [confirm, setConfirm] = useState("");
  const mismatch = confirm !== "" && confirm !== newPassword;
  return (
    <form
      className="card stacked-form"
      aria-labelledby="password-title"
      data-testid="password-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (mismatch) return;
        change.mutate(
          { currentPassword, newPassword },
          {
            onSuccess: () => {
              setCurrent("");
              setNew("");
              setConfirm("");
            },
          },
        );
      }}
    >
      <h2 id="password-title">Change your password</h2>
      <div className="field">
        <PasswordField
          id="current-password"
          label="Current password"
          value={currentPassword}
          onChange={setCurrent}
          autoComplete="current-password"
        />
      </div>
      <div className="field">
        <PasswordField
          id="new-password"
          label={`New password (at least ${PASSWORD_MIN_LENGTH} characters)`}
          value={newPassword}
          onChange={setNew}
          autoComplete="new-password"
          minLength={PASSWORD_MIN_LENGTH}
        />
      </div>
      <div className="field">
        <PasswordField
          id="confirm-password"
          label="Repeat the new password"
          value={confirm}
          onChange={setConfirm}
          autoComplete="new-password"
        />
      </div>
      {mismatch ? <p className="text-bad">The new passwords differ.</p> : null}
      <button type="submit" className="primary" disabled={change.isPending || mismatch} data-testid="password-submit">
        {change.isPending ? "Changing…" : "Change password"}
      </button>
      {change.isSuccess ? (
        <p className="alert" role="status" data-testid="password-changed">
          Password changed. Your other sessions have ended.
        </p>
      ) : null}
      {change.error ? (
        <p className="alert alert-error" role="alert" data-testid="password-error">
          {change.error.message}
        </p>
      ) : null}
    </form>
  );
}
