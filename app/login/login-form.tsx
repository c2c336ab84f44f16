"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { isApiClientError } from "@/lib/client/api.ts";
import { useLogin } from "@/lib/client/hooks/use-login.ts";

/** `showDemoUsers` only when the demo users were seeded (the embedded demo on loopback, or SIGNALBOX_SEED=demo). */
export function LoginForm({ next, showDemoUsers }: { next: string; showDemoUsers: boolean }) {
  const login = useLogin();
  const router = useRouter();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    login.mutate({ username, password }, { onSuccess: () => router.replace(next) });
  }

  const err = login.error;
  const message = isApiClientError(err) && err.status === 401 ? "Wrong user name or password." : err?.message;
  const demo = showDemoUsers ? (
    <details className="muted">
      <summary>Demo accounts</summary>
      <ul className="compact">
        <li>alice / alice-editor-pw (editor)</li>
        <li>bob / bob-approver-pw (approver)</li>
        <li>carol / carol-admin-pw (admin)</li>
        <li>victor / victor-viewer-pw (viewer)</li>
      </ul>
    </details>
  ) : null;
  return (
    <form className="login-card" onSubmit={onSubmit} data-testid="login-form" aria-labelledby="login-title">
      <h1 id="login-title">
        <span aria-hidden="true" className="brand-mark">
          ◆
        </span>{" "}
        Signalbox
      </h1>
      <p className="muted">Sign in to manage mesh traffic.</p>
      <label htmlFor="username">User name</label>
      <input
        id="username"
        name="username"
        autoComplete="username"
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        required
        autoFocus
      />
      <label htmlFor="password">Password</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        required
      />
      {message ? (
        <p className="text-bad" role="alert" data-testid="login-error">
          {message}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={login.isPending} data-testid="login-submit">
        {login.isPending ? "Signing in…" : "Sign in"}
      </button>
      {demo}
    </form>
  );
}
