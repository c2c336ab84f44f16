"use client";
import { useState, type ReactNode } from "react";
import styles from "./one-time-secret.module.css";

interface Props {
  /** Test ids: the value is `${testId}`, the box `${testId}-box`, the buttons `${testId}-copy` and `${testId}-dismiss`. */
  testId: string;
  title: ReactNode;
  /** What the secret is for, in the paragraph after the "shown only this once" warning. */
  note: ReactNode;
  /** How to use it (a command), under that paragraph. */
  children?: ReactNode;
  /** The name of the secret for screen readers ("Token secret", "Join token"). */
  label: string;
  secret: string;
}

/**
 * A freshly created secret (API token, proxy credential, join token, registration token), shown exactly once:
 * Signalbox keeps only a hash, so dismissing the box forgets it for good.
 */
export function OneTimeSecret({
  testId,
  title,
  note,
  children,
  label,
  secret,
  onDismiss,
}: Props & { onDismiss: () => void }) {
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  const titleId = `${testId}-title`;
  return (
    <section className={styles.box} role="alert" aria-labelledby={titleId} data-testid={`${testId}-box`}>
      <h3 id={titleId}>{title}</h3>
      <p>
        <strong>Copy it now: it is shown only this once.</strong> {note}
      </p>
      {children}
      <div className={styles.row}>
        <label htmlFor={testId} className="sr-only">
          {label}
        </label>
        <input
          id={testId}
          className={styles.value}
          readOnly
          value={secret}
          onFocus={(e) => e.target.select()}
          data-testid={testId}
        />
        <button
          type="button"
          data-testid={`${testId}-copy`}
          onClick={() => {
            if (!navigator.clipboard) return setCopied("failed");
            navigator.clipboard.writeText(secret).then(
              () => setCopied("yes"),
              () => setCopied("failed"),
            );
          }}
        >
          {copied === "yes" ? "Copied" : "Copy"}
        </button>
        <button type="button" onClick={onDismiss} data-testid={`${testId}-dismiss`}>
          Done, I have copied it
        </button>
      </div>
      {copied === "failed" ? (
        <p className="text-bad small">Copying failed: select the secret and copy it by hand.</p>
      ) : null}
    </section>
  );
}
