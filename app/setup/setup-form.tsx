"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { PASSWORD_MIN_LENGTH } from "@/lib/core/api/index.ts";
import { useSetup } from "@/lib/client/hooks/use-account.ts";
import { PasswordField } from "@/components/ui/password-field.tsx";

/** The first admin: the one-time token from the console's log, a user name and a password. */
export function SetupForm() {
  const setup = useSetup();
  const router = useRouter();
  const [token, setToken] = useState("");
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const mismatch = confirm !== "" && confirm !== password;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (mismatch) return;
    setup.mutate({ token, username, displayName, password }, { onSuccess: () => router.replace("/users") });
  }

  return (
    <form className="login-card" onSubmit={onSubmit} data-testid="setup-form" aria-labelledby="setup-title">
      <h1 id="setup-title">Set up Signalbox</h1>
      <p className="muted">
        No user exists yet. Create the first admin with the one-time setup token printed in the console&apos;s log.
      </p>
      <label htmlFor="setup-token">Setup token</label>
      <input
        id="setup-token"
        autoComplete="off"
        value={token}
        onChange={(e) => setToken(e.target.value)}
        required
        autoFocus
      />
      <label htmlFor="setup-username">User name</label>
      <input
        id="setup-username"
        autoComplete="username"
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        required
      />
      <label htmlFor="setup-display-name">Display name</label>
      <input id="setup-display-name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      <PasswordField
        id="setup-password"
        label={`Password (at least ${PASSWORD_MIN_LENGTH} characters)`}
        value={password}
        onChange={setPassword}
        autoComplete="new-password"
        minLength={PASSWORD_MIN_LENGTH}
      />
      <PasswordField
        id="setup-confirm"
        label="Repeat the password"
        value={confirm}
        onChange={setConfirm}
        autoComplete="new-password"
      />
      {mismatch ? <p className="text-bad">The passwords differ.</p> : null}
      {setup.error ? (
        <p className="text-bad" role="alert" data-testid="setup-error">
          {setup.error.message}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={setup.isPending || mismatch} data-testid="setup-submit">
        {setup.isPending ? "Creating…" : "Create the first admin"}
      </button>
    </form>
  );
}
