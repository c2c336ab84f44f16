"use client";
import type { ReactNode } from "react";
import styles from "./credential-form.module.css";

interface Props {
  /** Test ids: the submit button is `${testId}-create`, the error `${testId}-create-error`. */
  testId: string;
  title: string;
  /** The heading's level: 2 where the form stands directly under the page title. */
  level?: 2 | 3;
  /** What is created, for the button and the error ("token", "join token"). */
  noun: string;
  pending: boolean;
  error: Error | null;
  /** Whether the required fields are filled in. */
  ready: boolean;
  onSubmit: () => void;
  /** What the new credential may do, under the fields. */
  hint?: ReactNode;
  /** The fields (TextField and selects), laid out in one row before the button. */
  children: ReactNode;
}

/**
 * The card that creates a credential (API token, proxy credential, join token, registration token): its fields,
 * one submit button, what the credential allows, and the server's refusal when there is one.
 */
export function CredentialForm({
  testId,
  title,
  level = 3,
  noun,
  pending,
  error,
  ready,
  onSubmit,
  hint,
  children,
}: Props) {
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
