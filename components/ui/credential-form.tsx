"use client";
import type { ReactNode } from "react";
import styles from "./credential-form.module.css";

/** The create mutation (TanStack Query's useMutation result, as far as the form uses it). */
export interface CreateMutation<Req, Res> {
  mutate(request: Req, options: { onSuccess: (res: Res) => void }): void;
  reset(): void;
  isPending: boolean;
  error: Error | null;
}

interface Props<Req, Res> {
  /** Test ids: the submit button is `${testId}-create`, the error `${testId}-create-error`. */
  testId: string;
  title: string;
  /** The heading's level: 2 where the form stands directly under the page title. */
  level?: 2 | 3;
  /** What is created, for the button and the error ("token", "join token"). */
  noun: string;
  create: CreateMutation<Req, Res>;
  /** The request the fields make; sent on submit. */
  request: () => Req;
  /** The created credential (its one-time secret included), after which the form clears its fields. */
  onCreated: (res: Res) => void;
  /** Empties the fields after a credential was created. */
  clear: () => void;
  /** Whether the required fields are filled in. */
  ready: boolean;
  /** What the new credential may do, under the fields. */
  hint?: ReactNode;
  /** The fields (TextField and selects), laid out in one row before the button. */
  children: ReactNode;
}

/**
 * The card that creates a credential (API token, proxy credential, join token, registration token): its fields,
 * one submit button, what the credential allows, and the server's refusal when there is one. A success hands the
 * credential up, clears the fields and the mutation (so its secret is not kept here).
 */
export function CredentialForm<Req, Res>({
  testId,
  title,
  level = 3,
  noun,
  create,
  request,
  onCreated,
  clear,
  ready,
  hint,
  children,
}: Props<Req, Res>) {
  const pending = create.isPending;
  const error = create.error;
  const onSubmit = () =>
    create.mutate(request(), {
      onSuccess: (res) => {
        onCreated(res);
        clear();
        create.reset();
      },
    });
  const titleId = `${testId}-create-title`;
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <form
      className={`card ${styles.form}`}
      aria-labelledby={titleId}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Heading id={titleId}>{title}</Heading>
      <div className="field-row">
        {children}
        <button type="submit" className="primary" disabled={pending || !ready} data-testid={`${testId}-create`}>
          {pending ? "Creating…" : `Create ${noun}`}
        </button>
      </div>
      {hint ? <p className={styles.hint}>{hint}</p> : null}
      {error ? (
        <p className="alert alert-error" role="alert" data-testid={`${testId}-create-error`}>
          Could not create the {noun}: {error.message}
        </p>
      ) : null}
    </form>
  );
}

/** A labelled one-line text input of a credential form; `id` is also its test id. */
export function TextField({
  id,
  label,
  value,
  onChange,
  maxLength,
  required,
  placeholder,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (text: string) => void;
  maxLength?: number;
  required?: boolean;
  placeholder?: string;
}) {
  return (
    <div className="field grow">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        maxLength={maxLength}
        required={required}
        placeholder={placeholder}
        data-testid={id}
      />
    </div>
  );
}
